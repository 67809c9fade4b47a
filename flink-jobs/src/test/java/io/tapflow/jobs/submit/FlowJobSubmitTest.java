package io.tapflow.jobs.submit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.packet.batch.PacketBatchBuilder;
import io.tapflow.schema.FlowKey;
import io.tapflow.schema.PacketBatch;
import io.tapflow.tools.schema.ClickHouseHttp;
import io.tapflow.tools.schema.SchemaManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The operator's path on the local standalone cluster: submit the shaded job jar over REST, see flows
 * arrive in ClickHouse, stop the job with a savepoint, let flows pile up in Kafka while it is down,
 * resume from the savepoint, and find every flow exactly once. Runs after {@code package} (the job
 * jar is its input), in the surefire execution "job-jar-tests".
 */
@Tag("stack")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class FlowJobSubmitTest {
    private static final String BOOTSTRAP = "127.0.0.1:" + env("TAPFLOW_KAFKA_PORT", "19092");
    private static final int CLICKHOUSE_PORT = Integer.parseInt(env("TAPFLOW_CLICKHOUSE_HTTP_PORT", "18123"));
    private static final String FLINK_REST = "http://127.0.0.1:" + env("TAPFLOW_FLINK_REST_PORT", "18081");
    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp("127.0.0.1", CLICKHOUSE_PORT, "default", "");
    private static final long BASE_US = 1_700_000_000_000_000L;
    private static final int BEFORE_STOP = 60;
    private static final int WHILE_STOPPED = 40;
    /** Event time jumps this far past the last flow, so the flows' closes are reported. */
    private static final long TICK_AFTER_US = 60_000_000L;

    @Test
    void aJobStoppedWithASavepointAndResumedWritesEveryFlowExactlyOnce() throws Exception {
        Path jobJar = jobJar();
        Path savepoints = Files.createTempDirectory("tapflow-savepoints");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "sub" + run + "_";
        String packets = "test.packets." + run;
        String l4Table = prefix + "flow_log.l4_flow_log";
        applySchema(prefix);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", BOOTSTRAP))) {
            admin.createTopics(Stream.of(packets, "test.l4." + run, "test.l7." + run, "test.dead." + run)
                    .map(n -> new NewTopic(n, 2, (short) 1)).toList()).all().get();
        }
        List<String> jobArgs = List.of("--kafka-bootstrap", BOOTSTRAP, "--packets-topic", packets,
                "--l4-topic", "test.l4." + run, "--l7-topic", "test.l7." + run, "--dead-letter-topic", "test.dead." + run,
                "--group-id", "submit-" + run, "--starting-offsets", "earliest", "--checkpoint-interval", "1s",
                "--checkpoint-dir", "", // the cluster's execution.checkpointing.dir
                "--clickhouse-url", "http://127.0.0.1:" + CLICKHOUSE_PORT, "--clickhouse-table", l4Table,
                "--clickhouse-l7-table", prefix + "flow_log.l7_flow_log", "--parallelism", "1");

        FlinkRestClient flink = new FlinkRestClient(FLINK_REST);
        List<String> jobs = new ArrayList<>();
        String jarId = flink.uploadJar(jobJar);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            String first = flink.runJar(jarId, SubmitCli.DEFAULT_ENTRY_CLASS, jobArgs, null, false);
            jobs.add(first);
            assertRunning(flink, first);

            long secondBase = sendFlows(producer, packets, 0, BEFORE_STOP, BASE_US);
            awaitRows(l4Table, BEFORE_STOP, Duration.ofSeconds(120));

            // a file:// target, as ./tapflow savepoint uses on the local stack: restoring from s3proxy fails
            // (see docs/deploy.md); the JobManager and TaskManager share this machine's file system
            String savepoint = flink.awaitSavepoint(first,
                    flink.triggerSavepoint(first, savepoints.toUri().toString(), true), Duration.ofMinutes(3));
            assertThat(savepoint).startsWith("file:").contains(savepoints.getFileName().toString());
            assertThat(flink.awaitState(first, Set.of(), Duration.ofSeconds(60))).isEqualTo("FINISHED");
            assertThat(count(l4Table, "count()")).isEqualTo(BEFORE_STOP);

            sendFlows(producer, packets, BEFORE_STOP, WHILE_STOPPED, secondBase);
            Thread.sleep(1_000);
            assertThat(count(l4Table, "count()")).as("nothing runs while the job is stopped").isEqualTo(BEFORE_STOP);

            String resumed = flink.runJar(jarId, SubmitCli.DEFAULT_ENTRY_CLASS, jobArgs, savepoint, false);
            jobs.add(resumed);
            assertRunning(flink, resumed);
            awaitRows(l4Table, BEFORE_STOP + WHILE_STOPPED, Duration.ofSeconds(120));
            Thread.sleep(3_000); // a few more checkpoints: late duplicates would show now

            assertThat(count(l4Table, "count()")).isEqualTo(BEFORE_STOP + WHILE_STOPPED);
            assertThat(count(l4Table, "uniqExact(flow_id)")).isEqualTo(BEFORE_STOP + WHILE_STOPPED);
            assertThat(count(l4Table, "uniqExact(client_port)")).isEqualTo(BEFORE_STOP + WHILE_STOPPED);
            assertThat(count(l4Table, "sum(packet_tx + packet_rx)")).isEqualTo(9L * (BEFORE_STOP + WHILE_STOPPED));
        } finally {
            for (String job : jobs) {
                if (!FlinkRestClient.TERMINAL_STATES.contains(flink.jobState(job))) {
                    flink.cancel(job);
                    flink.awaitState(job, Set.of(), Duration.ofSeconds(60));
                }
            }
            flink.deleteJar(jarId);
            try (Stream<Path> files = Files.walk(savepoints)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            for (String db : new String[] {"flow_log", "flow_metrics", "tapflow_meta"}) {
                CLICKHOUSE.execute("DROP DATABASE IF EXISTS " + prefix + db);
            }
        }
    }

    /** The shaded jar `package` attached; this test runs after it. */
    private static Path jobJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("tapflow-flink-jobs-.*-job\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/tapflow-flink-jobs-*-job.jar: run mvn package first"));
        }
    }

    private static void applySchema(String prefix) {
        ByteArrayOutputStream schemaLog = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(schemaLog, true, StandardCharsets.UTF_8);
        assertThat(SchemaManager.run(new String[] {"apply", "--port", String.valueOf(CLICKHOUSE_PORT),
                "--database-prefix", prefix}, log, log)).as(schemaLog.toString(StandardCharsets.UTF_8)).isZero();
    }

    private static void assertRunning(FlinkRestClient flink, String job) throws Exception {
        String state = flink.awaitState(job, Set.of("RUNNING"), Duration.ofSeconds(90));
        assertThat(state).as(() -> exceptions(flink, job)).isEqualTo("RUNNING");
    }

    private static String exceptions(FlinkRestClient flink, String job) {
        try {
            return flink.jobExceptions(job);
        } catch (Exception e) {
            return e.toString();
        }
    }

    /**
     * Flows {@code first..first+n-1} starting 100 ms apart from {@code baseUs}, then a clock tick on every
     * partition; returns a start time after the tick, for flows sent later (earlier ones would be late data).
     */
    private static long sendFlows(KafkaProducer<byte[], byte[]> producer, String topic, int first, int n, long baseUs) {
        for (int i = first; i < first + n; i++) {
            for (PacketBatch batch : flow(i, baseUs + (i - first) * 100_000L)) {
                producer.send(new ProducerRecord<>(topic, ("flow-" + i).getBytes(StandardCharsets.UTF_8), bytes(batch)));
            }
        }
        long tick = baseUs + n * 100_000L + TICK_AFTER_US;
        for (int p = 0; p < 2; p++) {
            PacketBatchBuilder b = new PacketBatchBuilder();
            b.add(tick, 0, 60, 0, 0x02, 1, 0, 65535, 64);
            producer.send(new ProducerRecord<>(topic, p, null, bytes(b.build("agent-1", 3, 0, "eth0", 0,
                    key(new byte[] {10, 9, (byte) (first >> 8), (byte) first}, new byte[] {10, 9, 9, (byte) p}, 50000, 9)))));
        }
        producer.flush();
        return tick + 1_000_000L;
    }

    /** A TCP conversation to port 443 of 9 packets (the one of FlowJobExactlyOnceTest's TestFlows). */
    private static List<PacketBatch> flow(int i, long t) {
        FlowKey key = key(new byte[] {10, 1, (byte) (i >> 8), (byte) i}, new byte[] {10, 2, 0, 1}, 40000 + i, 443);
        PacketBatchBuilder b = new PacketBatchBuilder();
        b.add(t, 0, 60, 0, 0x02, 100, 0, 65535, 64);
        b.add(t + 1_000, 1, 60, 0, 0x12, 900, 101, 65535, 64);
        b.add(t + 3_000, 0, 52, 0, 0x10, 101, 901, 512, 64);
        b.add(t + 4_000, 0, 152, 100, 0x18, 101, 901, 512, 64);
        PacketBatch firstBatch = b.build("agent-1", 3, 0, "eth0", 0, key);
        b.add(t + 24_000, 1, 352, 300, 0x18, 901, 201, 512, 64);
        b.add(t + 25_000, 0, 52, 0, 0x11, 201, 1201, 512, 64);
        b.add(t + 26_000, 1, 52, 0, 0x11, 1201, 202, 512, 64);
        b.add(t + 27_000, 0, 52, 0, 0x10, 202, 1202, 512, 64);
        b.add(t + 27_500, 1, 52, 0, 0x10, 1202, 202, 512, 64);
        return List.of(firstBatch, b.build("agent-1", 3, 0, "eth0", 1, key));
    }

    private static FlowKey key(byte[] src, byte[] dst, int srcPort, int dstPort) {
        return FlowKey.newBuilder().setIpVersion(4).setIpSrc(ByteBuffer.wrap(src)).setIpDst(ByteBuffer.wrap(dst))
                .setPortSrc(srcPort).setPortDst(dstPort).setProtocol(6).setVlan(0).setMacSrc(1).setMacDst(2)
                .setTunnelType(0).setTunnelId(0).setTunnelIpSrc(ByteBuffer.allocate(0)).setTunnelIpDst(ByteBuffer.allocate(0))
                .build();
    }

    private static byte[] bytes(PacketBatch batch) {
        try {
            ByteBuffer value = batch.toByteBuffer();
            byte[] bytes = new byte[value.remaining()];
            value.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", BOOTSTRAP,
                "key.serializer", ByteArraySerializer.class, "value.serializer", ByteArraySerializer.class));
    }

    private static void awaitRows(String table, long rows, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(table, "count()") < rows) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(table + " has " + count(table, "count()") + " rows, expected " + rows);
            }
            Thread.sleep(250);
        }
    }

    /** Over the test's flows only: the clock ticks are flows too (to port 9) and may be reported. */
    private static long count(String table, String expression) throws Exception {
        return Long.parseLong(CLICKHOUSE.rows("SELECT " + expression + " FROM " + table + " WHERE server_port = 443").get(0)[0]);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
