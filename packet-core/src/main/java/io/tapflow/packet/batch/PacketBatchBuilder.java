package io.tapflow.packet.batch;

import io.tapflow.schema.FlowKey;
import io.tapflow.schema.FlowSource;
import io.tapflow.schema.PacketBatch;
import io.tapflow.schema.PayloadPrefix;
import io.tapflow.schema.TcpSynOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Accumulates the packet headers of one flow and packs them into a {@link PacketBatch}.
 *
 * <p>Packets are appended row by row to one byte array (direction, flags, TTL, then the varints of
 * timestamp delta, IP length, payload length, seq, ack and window: ~20 bytes a packet), so adding a
 * packet touches one or two cache lines and allocates nothing once warm. {@link #build} transposes
 * the rows into the batch's columns in one sequential pass. Payload prefixes are appended to a
 * {@link PrefixLog} (the builder's own, or one shared by all the builders of a batcher so that
 * prefix writes stay sequential) and SYN options to an int array; only {@link #build} copies the
 * prefixes out and creates the schema's per-prefix and per-SYN records. A builder is reused across
 * batches (the agent pools them).
 */
public final class PacketBatchBuilder {
    private static final int INITIAL_ROW_BYTES = 16 * 24;
    /** Largest row: three single bytes and six varints. */
    private static final int MAX_ROW = 3 + 6 * VarInts.MAX_LENGTH;

    private byte[] rows = new byte[INITIAL_ROW_BYTES];
    private int rowBytes;
    /** Total bytes of each varint column, so {@link #build} allocates exact arrays. */
    private int tsDeltaBytes;
    private int ipLengthBytes;
    private int payloadLengthBytes;
    private int seqBytes;
    private int ackBytes;
    private int windowBytes;

    /** Payload prefixes: bytes in the log; per prefix its packet index, log position and length. */
    private final PrefixLog log;
    private final boolean ownLog;
    private int prefixSize;
    private int[] prefixPacket = new int[8];
    private long[] prefixAt = new long[8];
    private int[] prefixLength = new int[8];
    private int prefixCount;
    /** SYN options: packet index, mss, window scale, flags (1 = SACK permitted, 2 = timestamps). */
    private int[] synRows = new int[8];
    private int synCount;

    private int count;
    private long baseTsUs;
    private long lastTsUs;

    /** A builder keeping its payload prefixes to itself. */
    public PacketBatchBuilder() {
        this.log = new PrefixLog(512);
        this.ownLog = true;
    }

    /**
     * A builder appending payload prefixes to a shared log; the owner of the log keeps every
     * prefix of a pending batch retained ({@link PrefixLog#retainFrom}) until it is built.
     */
    public PacketBatchBuilder(PrefixLog sharedLog) {
        this.log = sharedLog;
        this.ownLog = false;
    }

    public int packetCount() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Capture time of the first packet of the pending batch (µs); meaningless when empty. */
    public long baseTimestampUs() {
        return baseTsUs;
    }

    /** Bytes held by the pending packets, for the agent's memory accounting. */
    public int pendingBytes() {
        return rowBytes + prefixSize;
    }

    /**
     * Adds one packet. A timestamp earlier than the previous packet's is clamped to it (capture
     * order is the truth for the state machine); returns true when that happened so the caller
     * can count it.
     */
    public boolean add(long tsUs, int direction, int ipLength, int payloadLength, int flags,
                       long seq, long ack, int window, int ttl) {
        boolean clamped = false;
        if (count == 0) {
            baseTsUs = tsUs;
            lastTsUs = tsUs;
        } else if (tsUs < lastTsUs) {
            tsUs = lastTsUs;
            clamped = true;
        }
        if (rowBytes + MAX_ROW > rows.length) {
            rows = Arrays.copyOf(rows, Math.max(rows.length * 2, rowBytes + MAX_ROW));
        }
        byte[] r = rows;
        int p = rowBytes;
        r[p] = (byte) direction;
        r[p + 1] = (byte) flags;
        r[p + 2] = (byte) ttl;
        p += 3;
        int q = VarInts.write(r, p, tsUs - lastTsUs);
        tsDeltaBytes += q - p;
        p = VarInts.write(r, q, ipLength);
        ipLengthBytes += p - q;
        q = VarInts.write(r, p, payloadLength);
        payloadLengthBytes += q - p;
        p = VarInts.write(r, q, seq & 0xFFFFFFFFL);
        seqBytes += p - q;
        q = VarInts.write(r, p, ack & 0xFFFFFFFFL);
        ackBytes += q - p;
        p = VarInts.write(r, q, window);
        windowBytes += p - q;
        rowBytes = p;
        lastTsUs = tsUs;
        count++;
        return clamped;
    }

    /** Attaches the first bytes of the L4 payload to the packet added last. */
    public void addPayloadPrefix(byte[] src, int offset, int length) {
        if (count == 0 || length <= 0) {
            return;
        }
        if (prefixCount == prefixPacket.length) {
            prefixPacket = Arrays.copyOf(prefixPacket, prefixCount * 2);
            prefixAt = Arrays.copyOf(prefixAt, prefixCount * 2);
            prefixLength = Arrays.copyOf(prefixLength, prefixCount * 2);
        }
        prefixPacket[prefixCount] = count - 1;
        prefixAt[prefixCount] = log.append(src, offset, length);
        prefixLength[prefixCount] = length;
        prefixSize += length;
        prefixCount++;
    }

    /** Attaches SYN/SYN-ACK options to the packet added last. */
    public void addSynOptions(int mss, int windowScale, boolean sackPermitted, boolean timestamps) {
        if (count == 0) {
            return;
        }
        if (synCount * 4 == synRows.length) {
            synRows = Arrays.copyOf(synRows, synRows.length * 2);
        }
        int at = synCount * 4;
        synRows[at] = count - 1;
        synRows[at + 1] = mss;
        synRows[at + 2] = windowScale;
        synRows[at + 3] = (sackPermitted ? 1 : 0) | (timestamps ? 2 : 0);
        synCount++;
    }

    /** Packs the pending packets into a batch and resets the builder. */
    public PacketBatch build(String agentId, int tapType, long tapPort, String captureInterface,
                             long batchSeq, FlowKey key) {
        if (count == 0) {
            throw new IllegalStateException("no packets to build a batch from");
        }
        byte[] directions = new byte[count];
        byte[] flags = new byte[count];
        byte[] ttls = new byte[count];
        byte[] tsDeltas = new byte[tsDeltaBytes];
        byte[] ipLengths = new byte[ipLengthBytes];
        byte[] payloadLengths = new byte[payloadLengthBytes];
        byte[] seqs = new byte[seqBytes];
        byte[] acks = new byte[ackBytes];
        byte[] windows = new byte[windowBytes];
        int[] at = new int[6];
        byte[] r = rows;
        int p = 0;
        for (int i = 0; i < count; i++) {
            directions[i] = r[p];
            flags[i] = r[p + 1];
            ttls[i] = r[p + 2];
            p += 3;
            p = copyVarInt(r, p, tsDeltas, at, 0);
            p = copyVarInt(r, p, ipLengths, at, 1);
            p = copyVarInt(r, p, payloadLengths, at, 2);
            p = copyVarInt(r, p, seqs, at, 3);
            p = copyVarInt(r, p, acks, at, 4);
            p = copyVarInt(r, p, windows, at, 5);
        }
        // The all-args constructor: Avro's record builders validate and deep-copy defaults per call,
        // which costs microseconds per batch.
        PacketBatch batch = new PacketBatch(agentId, tapType, tapPort, captureInterface, FlowSource.PACKETS,
                batchSeq, key, count, baseTsUs, ByteBuffer.wrap(tsDeltas), ByteBuffer.wrap(directions),
                ByteBuffer.wrap(ipLengths), ByteBuffer.wrap(payloadLengths), ByteBuffer.wrap(flags),
                ByteBuffer.wrap(seqs), ByteBuffer.wrap(acks), ByteBuffer.wrap(windows), ByteBuffer.wrap(ttls),
                synOptionRecords(), payloadRecords());
        reset();
        return batch;
    }

    /** Copies the varint at {@code r[p]} to column {@code c} at {@code at[c]}; returns the position after it. */
    private static int copyVarInt(byte[] r, int p, byte[] column, int[] at, int c) {
        int w = at[c];
        byte b;
        do {
            b = r[p++];
            column[w++] = b;
        } while (b < 0);
        at[c] = w;
        return p;
    }

    private List<TcpSynOptions> synOptionRecords() {
        if (synCount == 0) {
            return List.of(); // most batches: no allocation
        }
        List<TcpSynOptions> list = new ArrayList<>(synCount);
        for (int i = 0; i < synCount; i++) {
            int at = i * 4;
            list.add(new TcpSynOptions(synRows[at], synRows[at + 1], synRows[at + 2], (synRows[at + 3] & 1) != 0,
                    (synRows[at + 3] & 2) != 0));
        }
        return list;
    }

    private List<PayloadPrefix> payloadRecords() {
        if (prefixCount == 0) {
            return List.of();
        }
        List<PayloadPrefix> list = new ArrayList<>(prefixCount);
        byte[] all = new byte[prefixSize];
        int start = 0;
        for (int i = 0; i < prefixCount; i++) {
            log.copy(prefixAt[i], all, start, prefixLength[i]);
            list.add(new PayloadPrefix(prefixPacket[i], ByteBuffer.wrap(all, start, prefixLength[i]).slice()));
            start += prefixLength[i];
        }
        return list;
    }

    public void reset() {
        count = 0;
        rowBytes = 0;
        tsDeltaBytes = 0;
        ipLengthBytes = 0;
        payloadLengthBytes = 0;
        seqBytes = 0;
        ackBytes = 0;
        windowBytes = 0;
        prefixSize = 0;
        prefixCount = 0;
        if (ownLog) {
            log.clear();
        }
        synCount = 0;
    }
}
