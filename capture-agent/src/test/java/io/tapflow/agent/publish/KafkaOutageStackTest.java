package io.tapflow.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.agent.metrics.MetricNames;
import io.tapflow.agent.metrics.MetricsSnapshot;
import io.tapflow.agent.testing.AgentRun;
import io.tapflow.agent.testing.BatchTopic;
import io.tapflow.agent.testing.KafkaTestBroker;
import io.tapflow.agent.testing.SyntheticCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka killed (SIGKILL) in the middle of a paced replay (40 s) and started again 8 s later, and a
 * Kafka too slow for the traffic (a broker quota): the agent does not crash or block, holds at most
 * its configured buffer, counts what it drops (queue full, Kafka unavailable, expired sends) and the
 * Kafka errors by type, accounts for every batch exactly once, and delivers again by itself once the
 * broker is back.
 *
 * <p>Runs a broker of its own (from the local stack's Kafka classpath, on free ports), so killing it
 * does not disturb the shared stack; tagged {@code stack} because it needs that classpath built.
 */
@Tag("stack")
class KafkaOutageStackTest {
    private static final int PACKETS = 240_000;
    private static final long CAPTURE_US = 60_000_000L;
    private static final long BUFFER = 1L << 20;

    @TempDir
    Path dir;

    @Test
    void killAndRestartDuringReplay() throws Exception {
        Path capture = dir.resolve("volume.pcap");
        SyntheticCapture.write(capture, 200, PACKETS, CAPTURE_US);
        try (KafkaTestBroker broker = KafkaTestBroker.start(dir.resolve("broker"));
             BatchTopic topic = BatchTopic.create(broker.bootstrap(), "tapflow.test.outage", 2);
             AgentRun agent = AgentRun.start("-r", capture.toString(), "--pace", "1.5",
                     "--bootstrap", broker.bootstrap(), "--topic", topic.name(), "--agent-id", "outage-test",
                     "--kafka.buffer-memory", "1MiB", "--kafka.delivery-timeout", "5s", "--kafka.linger", "5ms",
                     "--metrics-port", "0", "--metrics.log-interval", "2s")) {
            long sentBeforeKill = waitFor(agent, MetricNames.BATCHES_SENT, 50, Duration.ofSeconds(60));
            broker.kill();
            System.out.println("broker killed at " + java.time.Instant.now());
            long maxBuffered = 0;
            long outageEnd = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < outageEnd) {
                maxBuffered = Math.max(maxBuffered, (long) agent.metrics().total(MetricNames.KAFKA_BUFFERED_BYTES));
                Thread.sleep(20);
            }
            // Without a broker the producer soon forgets the topic's partitions (Kafka 4 re-bootstraps
            // its metadata), so new batches are refused at once (kafka_unavailable) rather than after
            // filling the buffer; those already buffered expire after delivery-timeout (send_failed).
            MetricsSnapshot duringOutage = agent.metrics();
            assertThat(duringOutage.total(MetricNames.BATCHES_DROPPED)).as("batches dropped and counted during the outage")
                    .isPositive();
            broker.restart();
            long sentAtRestart = (long) agent.metrics().total(MetricNames.BATCHES_SENT);
            System.out.println("broker answering again at " + java.time.Instant.now() + ", batches sent so far " + sentAtRestart);

            assertThat(agent.awaitExit(Duration.ofSeconds(180))).as("agent exit status").isZero();
            MetricsSnapshot end = agent.metrics();
            long built = (long) end.total(MetricNames.BATCHES_BUILT);
            long sent = (long) end.total(MetricNames.BATCHES_SENT);
            long dropped = (long) end.total(MetricNames.BATCHES_DROPPED);
            long droppedPackets = (long) end.total(MetricNames.PACKETS_DROPPED);
            assertThat(maxBuffered).as("bytes held for Kafka during the outage").isLessThanOrEqualTo(BUFFER);
            assertThat(sent).as("delivery resumed after the restart").isGreaterThan(sentAtRestart);
            assertThat(sentBeforeKill).isPositive();
            assertThat(sent + dropped).as("every batch counted once, as sent or dropped").isEqualTo(built);
            assertThat(end.total(MetricNames.KAFKA_ERRORS)).isPositive();
            assertThat(end.total(MetricNames.PACKETS_CAPTURED)).isEqualTo(PACKETS);

            List<BatchTopic.Record> records = topic.readUntil(r -> r.size() >= sent, Duration.ofSeconds(60));
            long consumedPackets = BatchTopic.packets(records);
            assertThat(records.size()).as("acknowledged batches are in the topic").isGreaterThanOrEqualTo((int) sent);
            // a send that expired may still have been written (Kafka cannot tell), so at most those extra
            assertThat(consumedPackets).isBetween(PACKETS - droppedPackets, (long) PACKETS);
            long lastBatchUs = records.stream().mapToLong(r -> r.batch().getBaseTsUs()).max().orElseThrow();
            assertThat(lastBatchUs).as("batches from the end of the capture arrived")
                    .isGreaterThan(1_700_000_000_000_000L + CAPTURE_US * 9 / 10);
        }
    }

    @Test
    void slowKafkaFillsTheBoundedBufferAndDropsQueueFull() throws Exception {
        Path capture = dir.resolve("burst.pcap");
        int packets = 60_000;
        SyntheticCapture.write(capture, 500, packets, 6_000_000L);
        try (KafkaTestBroker broker = KafkaTestBroker.start(dir.resolve("broker"));
             BatchTopic topic = BatchTopic.create(broker.bootstrap(), "tapflow.test.slow", 2)) {
            broker.throttleProducer("slow-agent", 300_000);
            long maxBuffered = 0;
            try (AgentRun agent = AgentRun.start("-r", capture.toString(),
                    "--bootstrap", broker.bootstrap(), "--topic", topic.name(), "--agent-id", "slow-test",
                    "--kafka.client-id", "slow-agent", "--kafka.buffer-memory", "1MiB",
                    "--metrics-port", "0", "--metrics.log-interval", "2s")) {
                while (true) {
                    maxBuffered = Math.max(maxBuffered, (long) agent.metrics().total(MetricNames.KAFKA_BUFFERED_BYTES));
                    try {
                        assertThat(agent.awaitExit(Duration.ofMillis(20))).as("agent exit status").isZero();
                        break;
                    } catch (java.util.concurrent.TimeoutException stillRunning) {
                        // keep sampling the buffer
                    }
                }
                MetricsSnapshot end = agent.metrics();
                long built = (long) end.total(MetricNames.BATCHES_BUILT);
                long sent = (long) end.total(MetricNames.BATCHES_SENT);
                assertThat(maxBuffered).as("bytes held for Kafka").isLessThanOrEqualTo(BUFFER);
                assertThat(end.total(MetricNames.BATCHES_DROPPED, MetricNames.REASON, "queue_full")).isPositive();
                assertThat(sent).isPositive();
                assertThat(sent + (long) end.total(MetricNames.BATCHES_DROPPED)).isEqualTo(built);
                List<BatchTopic.Record> records = topic.readUntil(r -> r.size() >= sent, Duration.ofSeconds(60));
                assertThat(records).hasSize((int) sent);
                assertThat(BatchTopic.packets(records) + (long) end.total(MetricNames.PACKETS_DROPPED)).isEqualTo(packets);
            }
        }
    }

    private static long waitFor(AgentRun agent, String family, long atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long v = (long) agent.metrics().total(family);
            if (v >= atLeast) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(family + " stayed at " + v + " (< " + atLeast + ") for " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
