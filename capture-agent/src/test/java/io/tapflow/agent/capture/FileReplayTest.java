package io.tapflow.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.agent.Agent;
import io.tapflow.agent.metrics.MetricNames;
import io.tapflow.agent.metrics.MetricsSnapshot;
import io.tapflow.agent.testing.AgentRun;
import io.tapflow.agent.testing.SyntheticCapture;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File and stdin replay through the agent (batches counted, not sent: no Kafka needed). */
class FileReplayTest {
    private static final int RECORD = 16 + 14 + 20 + 8 + 100; // SyntheticCapture's frame size

    @TempDir
    Path dir;

    @Test
    void replaysAFileAndStdinAlike() throws Exception {
        Path file = dir.resolve("a.pcap");
        SyntheticCapture.write(file, 10, 1000, 2_000_000L);
        MetricsSnapshot fromFile = replay(null, "-r", file.toString());
        MetricsSnapshot fromStdin = replay(Files.readAllBytes(file), "-");
        for (MetricsSnapshot m : new MetricsSnapshot[] {fromFile, fromStdin}) {
            assertThat(m.total(MetricNames.PACKETS_CAPTURED)).isEqualTo(1000);
            assertThat(m.total(MetricNames.PACKETS_DECODED)).isEqualTo(1000);
            assertThat(m.total(MetricNames.FLOWS_CREATED)).isEqualTo(10);
            // 10 flows x 2 s of capture time, flushed every 1 s of packet time, plus the final flush
            assertThat(m.total(MetricNames.BATCHES_BUILT)).isBetween(20.0, 30.0);
        }
        assertThat(fromStdin.totalsBy(MetricNames.PACKETS_CAPTURED, MetricNames.SOURCE)).containsOnlyKeys("stdin");
    }

    @Test
    void aTruncatedCaptureIsReportedCountedAndItsGoodPacketsKept() throws Exception {
        Path whole = dir.resolve("whole.pcap");
        SyntheticCapture.write(whole, 4, 100, 1_000_000L);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(bytes, 24 + 60 * RECORD + RECORD / 2)); // 60 whole records, then half of one
        Path next = dir.resolve("next.pcap");
        SyntheticCapture.write(next, 4, 40, 1_000_000L);

        try (AgentRun agent = AgentRun.start("-r", cut.toString(), "-r", next.toString(), "--no-kafka",
                "--metrics-port", "0", "--metrics.log-interval", "0s")) {
            assertThat(agent.awaitExit(Duration.ofSeconds(60))).isEqualTo(Agent.EXIT_INPUT_ERRORS);
            MetricsSnapshot m = agent.metrics();
            assertThat(m.total(MetricNames.CAPTURE_ERRORS, MetricNames.REASON, "corrupt")).isEqualTo(1);
            assertThat(m.total(MetricNames.PACKETS_CAPTURED)).as("good packets of the cut file, then the next file")
                    .isEqualTo(60 + 40);
            assertThat(m.total(MetricNames.BATCHES_BUILT)).isPositive();
        }
    }

    @Test
    void mirrorModeSuppressesDuplicatesUnlessTurnedOff() throws Exception {
        Path file = dir.resolve("mirror.pcap");
        SyntheticCapture.write(file, 5, 300, 1_000_000L, 2);
        MetricsSnapshot mirror = replay(null, "-r", file.toString(), "--mirror");
        assertThat(mirror.total(MetricNames.PACKETS_CAPTURED)).isEqualTo(600);
        assertThat(mirror.total(MetricNames.PACKETS_DUPLICATE)).isEqualTo(300);
        MetricsSnapshot noDedup = replay(null, "-r", file.toString(), "--mirror", "--no-dedup");
        assertThat(noDedup.total(MetricNames.PACKETS_DUPLICATE)).isZero();
        MetricsSnapshot plain = replay(null, "-r", file.toString());
        assertThat(plain.total(MetricNames.PACKETS_DUPLICATE)).as("dedup is off outside mirror mode").isZero();
    }

    @Test
    void aMissingFileIsAnInputErrorNotACrash() throws Exception {
        try (AgentRun agent = AgentRun.start("-r", dir.resolve("nope.pcap").toString(), "--no-kafka",
                "--metrics-port", "0", "--metrics.log-interval", "0s")) {
            assertThat(agent.awaitExit(Duration.ofSeconds(60))).isEqualTo(Agent.EXIT_INPUT_ERRORS);
            assertThat(agent.metrics().total(MetricNames.CAPTURE_ERRORS, MetricNames.REASON, "unreadable")).isEqualTo(1);
        }
    }

    private static MetricsSnapshot replay(byte[] stdin, String... args) throws Exception {
        String[] all = Arrays.copyOf(args, args.length + 5);
        System.arraycopy(new String[] {"--no-kafka", "--metrics-port", "0", "--metrics.log-interval", "0s"}, 0, all, args.length, 5);
        try (AgentRun agent = stdin == null ? AgentRun.start(all) : AgentRun.start(new ByteArrayInputStream(stdin), all)) {
            assertThat(agent.awaitExit(Duration.ofSeconds(60))).isZero();
            return agent.metrics();
        }
    }
}
