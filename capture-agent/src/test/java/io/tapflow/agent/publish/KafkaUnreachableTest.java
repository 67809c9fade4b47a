package io.tapflow.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.agent.AgentCommandLine;
import io.tapflow.agent.config.AgentConfig;
import io.tapflow.agent.metrics.MetricNames;
import io.tapflow.agent.metrics.MetricsSnapshot;
import io.tapflow.packet.batch.BatchSink;
import io.tapflow.packet.batch.PacketBatchBuilder;
import io.tapflow.schema.FlowKey;
import io.tapflow.schema.PacketBatch;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No broker at all (a port nobody listens on): the publisher must not block capture, must not
 * grow, must not throw, and must count every batch as dropped with the reason and the Kafka error.
 */
class KafkaUnreachableTest {

    static PacketBatch batch(int flow, int packets) {
        PacketBatchBuilder b = new PacketBatchBuilder();
        for (int i = 0; i < packets; i++) {
            b.add(1_700_000_000_000_000L + i, i & 1, 1500, 1448, 0x10, 1000L + i * 1448L, 5000, 502, 64);
            b.addPayloadPrefix(new byte[256], 0, 256);
        }
        FlowKey key = FlowKey.newBuilder().setIpVersion(4)
                .setIpSrc(ByteBuffer.wrap(new byte[] {10, 0, 0, 1})).setIpDst(ByteBuffer.wrap(new byte[] {10, 0, (byte) (flow >> 8), (byte) flow}))
                .setPortSrc(40000).setPortDst(80).setProtocol(6).setVlan(0).setMacSrc(0).setMacDst(0)
                .setTunnelType(0).setTunnelId(0).setTunnelIpSrc(ByteBuffer.allocate(0)).setTunnelIpDst(ByteBuffer.allocate(0))
                .build();
        return b.build("t", 3, 0, "test", 0, key);
    }

    private static int unusedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void deadKafkaMeansCountedDropsNeverBlockingOrGrowth() throws Exception {
        AgentConfig config = AgentCommandLine.parse(List.of(
                "--bootstrap", "127.0.0.1:" + unusedPort(), "--kafka.buffer-memory", "1MiB",
                "--kafka.max-block", "10ms", "--kafka.delivery-timeout", "2s", "--kafka.startup-wait", "0s"),
                Map.of()).loader().build();
        int batches = 3000;
        try (KafkaPublisher publisher = new KafkaPublisher(config.kafka())) {
            BatchSink sink = publisher.sinkFor("test");
            byte[] key = new byte[] {1, 2, 3};
            PacketBatch b = batch(1, 64);
            long maxBuffered = 0;
            long start = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                sink.accept(key, b);
                maxBuffered = Math.max(maxBuffered, publisher.bufferedBytes());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // each send may wait max-block (10 ms) at most; after a failed metadata wait the sink drops
            // at once for a while, so 3000 batches take far less than 3000 x 10 ms
            assertThat(seconds).as("time to offer %d batches to a dead Kafka", batches).isLessThan(10.0);
            assertThat(maxBuffered).as("bytes waiting for Kafka").isLessThanOrEqualTo(1L << 20);
            assertThat(publisher.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(publisher.bufferedBytes()).isZero();

            MetricsSnapshot m = new MetricsSnapshot();
            publisher.collect(m);
            assertThat(m.total(MetricNames.BATCHES_BUILT)).isEqualTo(batches);
            assertThat(m.total(MetricNames.BATCHES_SENT)).isZero();
            assertThat(m.total(MetricNames.BATCHES_DROPPED)).as("every batch counted as dropped").isEqualTo(batches);
            assertThat(m.total(MetricNames.PACKETS_DROPPED)).isEqualTo(batches * 64L);
            assertThat(m.total(MetricNames.BATCHES_DROPPED, MetricNames.REASON, "kafka_unavailable")).isPositive();
            assertThat(m.total(MetricNames.KAFKA_ERRORS, MetricNames.TYPE, "TimeoutException")).isPositive();
        }
    }

    @Test
    void aClosedProducerDropsInsteadOfThrowing() throws Exception {
        AgentConfig config = AgentCommandLine.parse(List.of("--bootstrap", "127.0.0.1:" + unusedPort(),
                "--kafka.startup-wait", "0s"), Map.of()).loader().build();
        KafkaPublisher publisher = new KafkaPublisher(config.kafka());
        BatchSink sink = publisher.sinkFor("test");
        publisher.close();
        sink.accept(new byte[] {1}, batch(1, 3));
        MetricsSnapshot m = new MetricsSnapshot();
        publisher.collect(m);
        assertThat(m.total(MetricNames.BATCHES_DROPPED, MetricNames.REASON, "send_failed")).isEqualTo(1);
        assertThat(m.total(MetricNames.PACKETS_DROPPED)).isEqualTo(3);
        assertThat(publisher.bufferedBytes()).isZero();
    }
}
