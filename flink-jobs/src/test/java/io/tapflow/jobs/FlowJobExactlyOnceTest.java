package io.tapflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.L4FlowLog;
import io.tapflow.tools.schema.ClickHouseHttp;
import io.tapflow.tools.schema.SchemaManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill the flow job mid-stream (cancel, no savepoint) while packets keep arriving, start it again
 * from its last retained checkpoint, and find every flow exactly once in ClickHouse (and, in the
 * disabled test, in the third-party Kafka topic): nothing missing, nothing twice.
 */
@Tag("stack")
class FlowJobExactlyOnceTest {
    private static final int FLOWS = 400;
    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp("127.0.0.1", TestFlows.CLICKHOUSE_PORT, "default", "");

    @TempDir
    Path checkpoints;

    @Test
    void aJobKilledMidStreamAndRestoredFromItsCheckpointWritesEveryFlowExactlyOnceToClickHouse() throws Exception {
        killAndRestore(false);
    }

    /**
     * The same kill and restore, checking the third-party Kafka topic. Disabled because it fails:
     * the restored job's Kafka committer finds the transaction of the checkpoint it restored from
     * already fenced ("Unable to commit transaction ... this most likely signals data loss"), so
     * about two checkpoints of flow logs never become visible (379 of 400 in one run). The
     * TransactionNamingStrategy.POOLING setting did not change that. See the flow-engine issue.
     */
    @Test
    @Disabled("known bug: Kafka output loses the restored checkpoint's transaction after a kill (see docs/flow-engine.md)")
    void aJobKilledMidStreamAndRestoredFromItsCheckpointPublishesEveryFlowExactlyOnceToKafka() throws Exception {
        killAndRestore(true);
    }

    private void killAndRestore(boolean checkKafka) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "eo" + run + "_";
        String packets = "test.packets." + run;
        String l4 = "test.l4." + run;
        ByteArrayOutputStream schemaLog = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(schemaLog, true, StandardCharsets.UTF_8);
        assertThat(SchemaManager.run(new String[] {"apply", "--port", String.valueOf(TestFlows.CLICKHOUSE_PORT),
                "--database-prefix", prefix}, log, log)).as(schemaLog.toString(StandardCharsets.UTF_8)).isZero();
        TestFlows.createTopics(packets, l4, "test.dead." + run);
        String table = prefix + "flow_log.l4_flow_log";
        try {
            Thread producer = new Thread(() -> {
                try (KafkaProducer<byte[], byte[]> p = TestFlows.producer()) {
                    for (int i = 0; i < FLOWS; i++) {
                        TestFlows.send(p, packets, i);
                        p.flush();
                        Thread.sleep(30);
                    }
                    TestFlows.sendClockTicks(p, packets, 2, TestFlows.BASE + FLOWS * 100_000L + 60_000_000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "test-producer");

            FlowJobOptions options = FlowJobOptions.parse("--kafka-bootstrap", TestFlows.BOOTSTRAP,
                    "--packets-topic", packets, "--l4-topic", l4, "--dead-letter-topic", "test.dead." + run,
                    "--group-id", "eo-" + run, "--starting-offsets", "earliest", "--checkpoint-interval", "300ms",
                    "--checkpoint-dir", checkpoints.toUri().toString(),
                    "--clickhouse-url", "http://127.0.0.1:" + TestFlows.CLICKHOUSE_PORT, "--clickhouse-table", table,
                    "--clickhouse-l7-table", prefix + "flow_log.l7_flow_log", "--l7-topic", "", "--resources-topic", "",
                    "--parallelism", "2");
            Configuration conf = new Configuration();
            conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);

            StreamExecutionEnvironment first = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
            FlowJob.build(first, options);
            JobClient killed = first.executeAsync("flow job (to be killed)");
            awaitRunning(killed);
            producer.start();
            awaitRows(table, FLOWS / 5, Duration.ofSeconds(90));
            killed.cancel().get();
            assertThat(producer.isAlive()).as("the kill must come while packets are still arriving").isTrue();
            long beforeRestart = count(table, "count()");
            assertThat(beforeRestart).isLessThan(FLOWS);

            Path lastCheckpoint = latestCheckpoint(checkpoints);
            Configuration restore = new Configuration(conf);
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, lastCheckpoint.toUri().toString());
            StreamExecutionEnvironment second = StreamExecutionEnvironment.createLocalEnvironment(2, restore);
            FlowJob.build(second, options);
            JobClient restored = second.executeAsync("flow job (restored)");
            try {
                producer.join();
                awaitRows(table, FLOWS, Duration.ofSeconds(90));
                Thread.sleep(2_000); // a few more checkpoints: late duplicates would show now

                assertThat(count(table, "count()"))
                        .as(() -> diagnose(table)).isEqualTo(FLOWS);
                assertThat(count(table, "uniqExact(flow_id)")).isEqualTo(FLOWS);
                assertThat(count(table, "sum(packet_tx + packet_rx)")).isEqualTo(9L * FLOWS);

                if (checkKafka) {
                    // read while the job runs: Kafka transactions are committed after their checkpoint
                    // completes, asynchronously; a cancel right after may leave the last one to the next start
                    List<byte[]> published = FlowJobKafkaTest.consume(l4, FLOWS);
                    assertThat(published).hasSize(FLOWS);
                    assertThat(published.stream().map(FlowJobExactlyOnceTest::flowId).distinct()).hasSize(FLOWS);
                }
            } finally {
                restored.cancel().get();
            }
        } finally {
            for (String db : new String[] {"flow_log", "flow_metrics", "tapflow_meta"}) {
                CLICKHOUSE.execute("DROP DATABASE IF EXISTS " + prefix + db);
            }
        }
    }

    private static long flowId(byte[] message) {
        try {
            return L4FlowLog.fromByteBuffer(ByteBuffer.wrap(message)).getFlowId();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What went wrong, for the failure message: repeated flow ids with their rows. */
    private static String diagnose(String table) {
        try {
            StringBuilder repeated = new StringBuilder();
            for (String[] row : CLICKHOUSE.rows("SELECT flow_id, count() AS c, groupArray(client_port),"
                    + " groupArray(packet_tx + packet_rx), groupArray(close_type)"
                    + " FROM " + table + " GROUP BY flow_id HAVING c > 1 ORDER BY flow_id LIMIT 20")) {
                repeated.append(String.join("\t", row)).append('\n');
            }
            return "distinct flow ids " + count(table, "uniqExact(flow_id)") + "; repeated:\n" + repeated;
        } catch (Exception e) {
            return "(diagnosis failed: " + e + ")";
        }
    }

    private static Path latestCheckpoint(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring("chk-".length()))))
                    .orElseThrow(() -> new AssertionError("no retained checkpoint under " + root));
        }
    }

    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (job.getJobStatus().get() != org.apache.flink.api.common.JobStatus.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job not running after 60 s: " + job.getJobStatus().get());
            }
            Thread.sleep(100);
        }
    }

    private static void awaitRows(String table, long rows, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(table, "count()") < rows) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(table + " has " + count(table, "count()") + " rows, expected " + rows);
            }
            Thread.sleep(200);
        }
    }

    private static long count(String table, String expression) throws Exception {
        return Long.parseLong(CLICKHOUSE.rows("SELECT " + expression + " FROM " + table).get(0)[0]);
    }
}
