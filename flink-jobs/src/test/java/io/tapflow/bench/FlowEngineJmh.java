package io.tapflow.bench;

import io.tapflow.flow.EngineOutput;
import io.tapflow.flow.FlowEngine;
import io.tapflow.flow.FlowEngineConfig;
import io.tapflow.flow.FlowMeter;
import io.tapflow.flow.FlowState;
import io.tapflow.packet.batch.PacketBatchBuilder;
import io.tapflow.packet.batch.PacketCursor;
import io.tapflow.schema.FlowKey;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.PacketBatch;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The state machine alone, without Flink: packet headers per second through an established flow,
 * and complete new TCP flows per second (handshake, request, response, FIN close, record written).
 *
 * <pre>./tapflow bench-engine jmh</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FlowEngineJmh {
    static final int DATA_PACKETS = 512;
    private static final long BASE = 1_700_000_000_000_000L;

    private final FlowEngine engine = new FlowEngine(FlowEngineConfig.defaults());
    private final PacketCursor cursor = new PacketCursor();
    private PacketBatch handshake;
    private PacketBatch data;
    private PacketBatch conversation;
    private FlowState established;
    private BlackholeOutput out;

    @Setup
    public void setUp(Blackhole bh) throws Exception {
        out = new BlackholeOutput(bh);
        FlowKey key = key();
        PacketBatchBuilder b = new PacketBatchBuilder();
        b.add(BASE, 0, 60, 0, 0x02, 100, 0, 65535, 64);
        b.add(BASE + 100, 1, 60, 0, 0x12, 900, 101, 65535, 64);
        b.add(BASE + 200, 0, 52, 0, 0x10, 101, 901, 512, 64);
        handshake = b.build("bench", 3, 0, "bench", 0, key);
        long seqC = 101;
        long seqS = 901;
        for (int i = 0; i < DATA_PACKETS; i++) {
            boolean fromClient = (i & 1) == 0;
            int len = fromClient ? 200 : 1400;
            b.add(BASE + 1_000 + i * 10L, fromClient ? 0 : 1, 52 + len, len, 0x18,
                    fromClient ? seqC : seqS, fromClient ? seqS : seqC, 512, 64);
            if (fromClient) {
                seqC += len;
            } else {
                seqS += len;
            }
        }
        data = b.build("bench", 3, 0, "bench", 1, key);
        b.add(BASE, 0, 60, 0, 0x02, 100, 0, 65535, 64);
        b.add(BASE + 100, 1, 60, 0, 0x12, 900, 101, 65535, 64);
        b.add(BASE + 200, 0, 52, 0, 0x10, 101, 901, 512, 64);
        b.add(BASE + 300, 0, 252, 200, 0x18, 101, 901, 512, 64);
        b.add(BASE + 400, 1, 52, 0, 0x10, 901, 301, 512, 64);
        b.add(BASE + 2_000, 1, 1452, 1400, 0x18, 901, 301, 512, 64);
        b.add(BASE + 2_100, 0, 52, 0, 0x11, 301, 2301, 512, 64);
        b.add(BASE + 2_200, 1, 52, 0, 0x11, 2301, 302, 512, 64);
        b.add(BASE + 2_300, 0, 52, 0, 0x10, 302, 2302, 512, 64);
        conversation = b.build("bench", 3, 0, "bench", 0, key);
        established = engine.onBatch(null, handshake, cursor.reset(handshake), out);
    }

    static FlowKey key() {
        return FlowKey.newBuilder().setIpVersion(4)
                .setIpSrc(ByteBuffer.wrap(new byte[] {10, 0, 0, 1})).setIpDst(ByteBuffer.wrap(new byte[] {10, 0, 0, 2}))
                .setPortSrc(40000).setPortDst(80).setProtocol(6).setVlan(0).setMacSrc(1).setMacDst(2)
                .setTunnelType(0).setTunnelId(0).setTunnelIpSrc(ByteBuffer.allocate(0)).setTunnelIpDst(ByteBuffer.allocate(0))
                .build();
    }

    /** Packet headers through the state machine of a live flow (the same second, no reports due). */
    @Benchmark
    @OperationsPerInvocation(DATA_PACKETS)
    public FlowState packetHeaders() throws Exception {
        return engine.onBatch(established, data, cursor.reset(data), out);
    }

    /** A whole short TCP flow: opened, nine packets, closed by FIN, its record and meters written. */
    @Benchmark
    public FlowState newTcpFlows() throws Exception {
        FlowState s = engine.onBatch(null, conversation, cursor.reset(conversation), out);
        return engine.advance(s, BASE + 2_300 + 1_000_000, out);
    }

    /** Sends the engine's output to the blackhole so nothing is optimised away. */
    static final class BlackholeOutput implements EngineOutput {
        private final Blackhole bh;

        BlackholeOutput(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void record(L4FlowLog record) {
            bh.consume(record);
        }

        @Override
        public void l7(io.tapflow.schema.L7FlowLog record) {
            bh.consume(record);
        }

        @Override
        public void meter(FlowMeter meter) {
            bh.consume(meter);
        }
    }
}
