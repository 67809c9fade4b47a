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
 * <p>Columns grow in place, so adding a packet allocates nothing once the builder has warmed up
 * (only payload prefixes and SYN options, which are rare or bounded, create objects). One builder
 * is reused for the whole life of a flow in the agent: {@link #build} copies the columns out and
 * resets it.
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
    private final List<TcpSynOptions> synOptions = new ArrayList<>(2);
    private final List<PayloadPrefix> payloads = new ArrayList<>();

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
        int payloadBytes = 0;
        for (int i = 0; i < payloads.size(); i++) {
            payloadBytes += payloads.get(i).getData().remaining();
        }
        return tsDeltas.size + directions.size + ipLengths.size + payloadLengths.size + tcpFlags.size
                + seqs.size + acks.size + windows.size + ttls.size + payloadBytes;
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
        payloads.add(new PayloadPrefix(count - 1, ByteBuffer.wrap(Arrays.copyOfRange(src, offset, offset + length))));
    }

    /** Attaches SYN/SYN-ACK options to the packet added last. */
    public void addSynOptions(int mss, int windowScale, boolean sackPermitted, boolean timestamps) {
        if (count == 0) {
            return;
        }
        synOptions.add(new TcpSynOptions(count - 1, mss, windowScale, sackPermitted, timestamps));
    }

    /** Packs the pending packets into a batch and resets the builder. */
    public PacketBatch build(String agentId, int tapType, long tapPort, String captureInterface,
                             long batchSeq, FlowKey key) {
        if (count == 0) {
            throw new IllegalStateException("no packets to build a batch from");
        }
        PacketBatch batch = PacketBatch.newBuilder()
                .setAgentId(agentId)
                .setTapType(tapType)
                .setTapPort(tapPort)
                .setCaptureInterface(captureInterface)
                .setFlowSource(FlowSource.PACKETS)
                .setBatchSeq(batchSeq)
                .setKey(key)
                .setPacketCount(count)
                .setBaseTsUs(baseTsUs)
                .setTsDeltas(tsDeltas.copy())
                .setDirections(directions.copy())
                .setIpLengths(ipLengths.copy())
                .setPayloadLengths(payloadLengths.copy())
                .setTcpFlags(tcpFlags.copy())
                .setSeqs(seqs.copy())
                .setAcks(acks.copy())
                .setWindows(windows.copy())
                .setTtls(ttls.copy())
                .setSynOptions(new ArrayList<>(synOptions))
                .setPayloads(new ArrayList<>(payloads))
                .build();
        reset();
        return batch;
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
        synOptions.clear();
        payloads.clear();
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
