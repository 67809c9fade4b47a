package io.tapflow.flow;

import io.tapflow.packet.batch.PacketBatchBuilder;
import io.tapflow.packet.batch.PacketCursor;
import io.tapflow.schema.FlowKey;
import io.tapflow.schema.L4FlowLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Test DSL: a TCP or UDP conversation between a client 10.0.0.1:40000 and a server 10.0.0.2:80,
 * packet by packet, with times in microseconds from a base, fed to a {@link FlowEngine} one batch
 * per {@link #flush()}.
 */
final class Conversation {
    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;
    static final long BASE = 1_700_000_020_000_000L; // 40 s into a minute

    private final FlowEngine engine;
    private final int protocol;
    private final boolean keyFromClient;
    private final PacketBatchBuilder builder = new PacketBatchBuilder();
    private final PacketCursor cursor = new PacketCursor();
    final List<L4FlowLog> records = new ArrayList<>();
    final List<FlowMeter> meters = new ArrayList<>();
    private final EngineOutput output = new EngineOutput() {
        @Override
        public void record(L4FlowLog record) {
            records.add(record);
        }

        @Override
        public void meter(FlowMeter meter) {
            meters.add(meter);
        }

        @Override
        public void l7(io.tapflow.schema.L7FlowLog record) {
            l7.add(record);
        }
    };
    final List<io.tapflow.schema.L7FlowLog> l7 = new ArrayList<>();
    FlowState state;
    private long seqClient = 1000;
    private long seqServer = 5000;
    private long batchSeq;

    Conversation(FlowEngineConfig config, int protocol, boolean keyFromClient) {
        this.engine = new FlowEngine(config);
        this.protocol = protocol;
        this.keyFromClient = keyFromClient;
    }

    static Conversation tcp() {
        return new Conversation(FlowEngineConfig.defaults(), 6, true);
    }

    /** A packet from the client ({@code fromClient}) or the server at BASE + t µs. */
    Conversation packet(long t, boolean fromClient, int flags, int payload) {
        return packet(t, fromClient, flags, payload, 1000);
    }

    Conversation packet(long t, boolean fromClient, int flags, int payload, int window) {
        long seq = fromClient ? seqClient : seqServer;
        long ack = fromClient ? seqServer : seqClient;
        int direction = fromClient == keyFromClient ? 0 : 1;
        builder.add(BASE + t, direction, 40 + payload, payload, flags, seq, ack, window, 64);
        int span = payload + ((flags & (SYN | FIN)) != 0 ? 1 : 0);
        if (fromClient) {
            seqClient += span;
        } else {
            seqServer += span;
        }
        return this;
    }

    /** Sends the same segment again (same seq and length) without moving the sequence. */
    Conversation retransmit(long t, boolean fromClient, int flags, int payload) {
        if (fromClient) {
            seqClient -= payload + ((flags & (SYN | FIN)) != 0 ? 1 : 0);
        } else {
            seqServer -= payload + ((flags & (SYN | FIN)) != 0 ? 1 : 0);
        }
        return packet(t, fromClient, flags, payload);
    }

    Conversation syn(long t) { return packet(t, true, SYN, 0); }
    Conversation synAck(long t) { return packet(t, false, SYN | ACK, 0); }
    Conversation ack(long t, boolean fromClient) { return packet(t, fromClient, ACK, 0); }
    Conversation data(long t, boolean fromClient, int len) { return packet(t, fromClient, PSH | ACK, len); }

    Conversation handshake(long t, long rttServer, long rttClient) {
        return syn(t).synAck(t + rttServer).ack(t + rttServer + rttClient, true);
    }

    /** Packs what was added so far into one batch and feeds it to the engine. */
    Conversation flush() {
        if (builder.isEmpty()) {
            return this;
        }
        FlowKey key = FlowKey.newBuilder().setIpVersion(4)
                .setIpSrc(ByteBuffer.wrap(keyFromClient ? new byte[] {10, 0, 0, 1} : new byte[] {10, 0, 0, 2}))
                .setIpDst(ByteBuffer.wrap(keyFromClient ? new byte[] {10, 0, 0, 2} : new byte[] {10, 0, 0, 1}))
                .setPortSrc(keyFromClient ? 40000 : 80).setPortDst(keyFromClient ? 80 : 40000)
                .setProtocol(protocol).setVlan(0).setMacSrc(0).setMacDst(0).setTunnelType(0).setTunnelId(0)
                .setTunnelIpSrc(ByteBuffer.allocate(0)).setTunnelIpDst(ByteBuffer.allocate(0)).build();
        try {
            var batch = builder.build("test-agent", 3, 0, "test", batchSeq++, key);
            state = engine.onBatch(state, batch, cursor.reset(batch), output);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return this;
    }

    /** Lets capture time pass to BASE + t µs with no packets, firing the engine's timers at their due times. */
    Conversation idleUntil(long t) {
        flush();
        while (state != null && engine.nextWakeUpUs(state) <= BASE + t) {
            state = engine.advance(state, engine.nextWakeUpUs(state), output);
        }
        return this;
    }

    /** The record that ended the flow (the last one), after any forced reports. */
    L4FlowLog last() {
        flush();
        return records.get(records.size() - 1);
    }

    L4FlowLog only() {
        flush();
        if (records.size() != 1) {
            throw new AssertionError("expected one record, got " + records.size());
        }
        return records.get(0);
    }

    static long micros(java.time.Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }
}
