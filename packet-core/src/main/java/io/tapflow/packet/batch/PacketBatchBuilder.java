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
 * <p>Columns grow in place, so adding a packet allocates nothing once the builder has warmed up:
 * payload prefixes are appended to one byte column and SYN options to int columns, and only
 * {@link #build} creates the schema's per-prefix and per-SYN records. A builder is reused across
 * batches (the agent pools them): {@link #build} copies the columns out and resets it.
 */
public final class PacketBatchBuilder {
    private static final int INITIAL_PACKETS = 16;

    private final ByteColumn tsDeltas = new ByteColumn(INITIAL_PACKETS * 2);
    private final ByteColumn directions = new ByteColumn(INITIAL_PACKETS);
    private final ByteColumn ipLengths = new ByteColumn(INITIAL_PACKETS * 2);
    private final ByteColumn payloadLengths = new ByteColumn(INITIAL_PACKETS * 2);
    private final ByteColumn tcpFlags = new ByteColumn(INITIAL_PACKETS);
    private final ByteColumn seqs = new ByteColumn(INITIAL_PACKETS * 5);
    private final ByteColumn acks = new ByteColumn(INITIAL_PACKETS * 5);
    private final ByteColumn windows = new ByteColumn(INITIAL_PACKETS * 3);
    private final ByteColumn ttls = new ByteColumn(INITIAL_PACKETS);
    /** Payload prefixes: their bytes back to back, and per prefix its packet index and end offset. */
    private final ByteColumn prefixBytes = new ByteColumn(512);
    private int[] prefixPacket = new int[8];
    private int[] prefixEnd = new int[8];
    private int prefixCount;
    /** SYN options: packet index, mss, window scale, flags (1 = SACK permitted, 2 = timestamps). */
    private int[] synRows = new int[8];
    private int synCount;

    private int count;
    private long baseTsUs;
    private long lastTsUs;

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

    /** Bytes held by the pending columns, for the agent's memory accounting. */
    public int pendingBytes() {
        return tsDeltas.size + directions.size + ipLengths.size + payloadLengths.size + tcpFlags.size
                + seqs.size + acks.size + windows.size + ttls.size + prefixBytes.size;
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
        tsDeltas.putVarInt(tsUs - lastTsUs);
        lastTsUs = tsUs;
        directions.put(direction);
        ipLengths.putVarInt(ipLength);
        payloadLengths.putVarInt(payloadLength);
        tcpFlags.put(flags);
        seqs.putVarInt(seq & 0xFFFFFFFFL);
        acks.putVarInt(ack & 0xFFFFFFFFL);
        windows.putVarInt(window);
        ttls.put(ttl);
        count++;
        return clamped;
    }

    /** Attaches the first bytes of the L4 payload to the packet added last. */
    public void addPayloadPrefix(byte[] src, int offset, int length) {
        if (count == 0 || length <= 0) {
            return;
        }
        prefixBytes.put(src, offset, length);
        if (prefixCount == prefixPacket.length) {
            prefixPacket = Arrays.copyOf(prefixPacket, prefixCount * 2);
            prefixEnd = Arrays.copyOf(prefixEnd, prefixCount * 2);
        }
        prefixPacket[prefixCount] = count - 1;
        prefixEnd[prefixCount] = prefixBytes.size;
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
        // The all-args constructor: Avro's record builders validate and deep-copy defaults per call,
        // which costs microseconds per batch.
        PacketBatch batch = new PacketBatch(agentId, tapType, tapPort, captureInterface, FlowSource.PACKETS,
                batchSeq, key, count, baseTsUs, tsDeltas.copy(), directions.copy(), ipLengths.copy(),
                payloadLengths.copy(), tcpFlags.copy(), seqs.copy(), acks.copy(), windows.copy(), ttls.copy(),
                synOptionRecords(), payloadRecords());
        reset();
        return batch;
    }

    private List<TcpSynOptions> synOptionRecords() {
        List<TcpSynOptions> rows = new ArrayList<>(synCount);
        for (int i = 0; i < synCount; i++) {
            int at = i * 4;
            rows.add(new TcpSynOptions(synRows[at], synRows[at + 1], synRows[at + 2], (synRows[at + 3] & 1) != 0,
                    (synRows[at + 3] & 2) != 0));
        }
        return rows;
    }

    private List<PayloadPrefix> payloadRecords() {
        List<PayloadPrefix> rows = new ArrayList<>(prefixCount);
        if (prefixCount > 0) {
            byte[] all = Arrays.copyOf(prefixBytes.bytes, prefixBytes.size);
            int start = 0;
            for (int i = 0; i < prefixCount; i++) {
                rows.add(new PayloadPrefix(prefixPacket[i], ByteBuffer.wrap(all, start, prefixEnd[i] - start).slice()));
                start = prefixEnd[i];
            }
        }
        return rows;
    }

    public void reset() {
        count = 0;
        tsDeltas.size = 0;
        directions.size = 0;
        ipLengths.size = 0;
        payloadLengths.size = 0;
        tcpFlags.size = 0;
        seqs.size = 0;
        acks.size = 0;
        windows.size = 0;
        ttls.size = 0;
        prefixBytes.size = 0;
        prefixCount = 0;
        synCount = 0;
    }

    /** A growable byte array. */
    private static final class ByteColumn {
        byte[] bytes;
        int size;

        ByteColumn(int capacity) {
            bytes = new byte[capacity];
        }

        void put(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void put(byte[] src, int offset, int length) {
            ensure(length);
            System.arraycopy(src, offset, bytes, size, length);
            size += length;
        }

        void putVarInt(long v) {
            ensure(VarInts.MAX_LENGTH);
            size = VarInts.write(bytes, size, v);
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        ByteBuffer copy() {
            return ByteBuffer.wrap(Arrays.copyOf(bytes, size));
        }
    }
}
