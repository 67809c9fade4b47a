package io.tapflow.jobs;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * {@code ./tapflow demo}: the whole path on the local stack. The flow job runs in this JVM's
 * MiniCluster; the capture agent replays a generated capture into Kafka in its own process; the
 * flow logs land in ClickHouse, where the summary at the end is queried (and its SQL printed).
 * The script before it brings Kafka and ClickHouse up, applies the schema and makes the capture.
 */
public final class Demo {
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);
    private final HttpClient http;
    private final String clickhouse;
    private final String runId;

    private Demo(String clickhouse, String runId) {
        this.http = HttpClient.newHttpClient();
        this.clickhouse = clickhouse;
        this.runId = runId;
    }

    public static void main(String[] args) throws Exception {
        // idle connections dropped before ClickHouse 18.16 closes them (3 s), so no POST meets a closed socket
        System.setProperty("jdk.httpclient.keepalive.timeout", "2");
        if (args.length < 3) {
            System.err.println("usage: Demo CAPTURE PACE TAPFLOW_ROOT");
            System.exit(2);
        }
        Path capture = Path.of(args[0]);
        String pace = args[1];
        Path root = Path.of(args[2]);
        String runId = "demo-" + System.currentTimeMillis() / 1000;
        // A topic of its own per run, read from its start: the agent stamps records with capture time,
        // so a start-by-timestamp on a shared topic would skip a replayed capture's records.
        FlowJobOptions options = FlowJobOptions.parse("--group-id", "tapflow-" + runId,
                "--packets-topic", "tapflow.packets." + runId, "--starting-offsets", "earliest",
                "--metrics", "true", "--checkpoint-interval", "2s", "--parallelism", "2");
        Demo demo = new Demo(options.get("clickhouse-url"), runId);
        System.exit(demo.run(options, capture, pace, root));
    }

    private int run(FlowJobOptions options, Path capture, String pace, Path root) throws Exception {
        createTopics(options);
        say("starting the flow job (Flink MiniCluster, parallelism 2, exactly-once into ClickHouse and Kafka)");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FlowJob.build(env, options);
        JobClient job = env.executeAsync("tapflow demo " + runId);
        awaitRunning(job);

        int metricsPort = 19500 + (int) (ProcessHandle.current().pid() % 400);
        Path agentLog = root.resolve(".tapflow/logs/demo-agent.log");
        Files.createDirectories(agentLog.getParent());
        say("replaying " + capture.getFileName() + " through the capture agent at " + pace + "x capture pace (agent id "
                + runId + ", log " + agentLog + ")");
        Process agent = new ProcessBuilder(root.resolve("tapflow").toString(), "agent", "-r", capture.toString(),
                "--pace", pace, "--agent-id", runId, "--topic", options.get("packets-topic"),
                "--metrics-port", String.valueOf(metricsPort))
                .redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
        long started = System.nanoTime();
        while (!agent.waitFor(PROGRESS_EVERY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            progress(started, metricsPort);
        }
        if (agent.exitValue() != 0) {
            say("the capture agent failed (exit " + agent.exitValue() + "); its log: " + agentLog);
            job.cancel().get();
            return 1;
        }
        awaitConsumed(options, started);
        say("capture done and consumed; draining the job (stop with savepoint at the end of event time: every flow still open is reported)");
        Path savepoints = Files.createTempDirectory("tapflow-demo-savepoints");
        job.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
        progress(started, -1);
        summary();
        return 0;
    }

    private void createTopics(FlowJobOptions o) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", o.get("kafka-bootstrap")))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new java.util.ArrayList<>(List.of(o.get("packets-topic"), o.get("l4-topic"),
                    o.get("l7-topic"), o.get("dead-letter-topic"), "tapflow.network-metrics.v1", "tapflow.network-map-metrics.v1",
                    "tapflow.application-metrics.v1", "tapflow.application-map-metrics.v1").stream()
                    .filter(t -> !existing.contains(t)).map(t -> new NewTopic(t, 4, (short) 1)).toList());
            if (!o.get("resources-topic").isEmpty() && !existing.contains(o.get("resources-topic"))) {
                // the catalog (./tapflow catalog load FILE fills it): compacted, one partition
                missing.add(new NewTopic(o.get("resources-topic"), 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
            }
            admin.createTopics(missing).all().get();
        }
    }

    /**
     * Waits until the job has read every packet batch the agent published: a drain stops the
     * sources where they are, so draining earlier would leave the unread tail of the capture out.
     * The source commits its offsets to the consumer group at each completed checkpoint.
     */
    private void awaitConsumed(FlowJobOptions o, long started) throws Exception {
        String topic = o.get("packets-topic");
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", o.get("kafka-bootstrap")))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            var request = partitions.stream().collect(java.util.stream.Collectors.toMap(tp -> tp,
                    tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()));
            long end = admin.listOffsets(request).all().get().values().stream().mapToLong(r -> r.offset()).sum();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (true) {
                long read = admin.listConsumerGroupOffsets(o.get("group-id")).partitionsToOffsetAndMetadata().get()
                        .values().stream().filter(java.util.Objects::nonNull).mapToLong(m -> m.offset()).sum();
                if (read >= end || System.nanoTime() > deadline) {
                    return;
                }
                say(String.format(Locale.ROOT, "%6.0f s | the job has read %,d of %,d packet batches", (System.nanoTime() - started) / 1e9, read, end));
                Thread.sleep(PROGRESS_EVERY.toMillis());
            }
        }
    }

    private static void awaitRunning(JobClient job) throws Exception {
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            Thread.sleep(200);
        }
    }

    private void progress(long started, int metricsPort) {
        String agent = "";
        if (metricsPort > 0) {
            long packets = agentMetric(metricsPort, "tapflow_agent_packets_captured_total");
            long batches = agentMetric(metricsPort, "tapflow_agent_batches_sent_total");
            agent = packets < 0 ? "agent starting | " : String.format(Locale.ROOT, "agent: %,d packets, %,d batches sent | ", packets, batches);
        }
        try {
            String[] row = query("SELECT count(), sum(packet_tx + packet_rx), uniqExact(flow_id) FROM flow_log.l4_flow_log WHERE "
                    + ours() + " FORMAT TabSeparated").trim().split("\t");
            say(String.format(Locale.ROOT, "%6.0f s | %sClickHouse: %,d flow-log records, %,d flows, %,d packets",
                    (System.nanoTime() - started) / 1e9, agent, Long.parseLong(row[0]), Long.parseLong(row[2]),
                    Long.parseLong(row[1].isEmpty() ? "0" : row[1])));
        } catch (Exception e) {
            say("ClickHouse not answering: " + e.getMessage());
        }
    }

    private long agentMetric(int port, String name) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            long total = 0;
            for (String line : r.body().split("\n")) {
                if (line.startsWith(name)) {
                    total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return total;
        } catch (Exception e) {
            return -1;
        }
    }

    private String ours() {
        return "agent_id = '" + runId + "'";
    }

    /** The questions an operator asks first, each with the SQL that answers it. */
    private void summary() throws Exception {
        String ip0 = "IPv4NumToString(toUInt32(ip4_0))";
        String ip1 = "IPv4NumToString(toUInt32(ip4_1))";
        section("What was seen", "SELECT count() AS records, uniqExact(flow_id) AS flows, sum(packet_tx + packet_rx) AS packets,"
                + " sum(byte_tx + byte_rx) AS bytes, countIf(close_type = 1) AS fin_closed, countIf(close_type = 3) AS timed_out,"
                + " countIf(close_type IN (2, 9, 15, 18, 19)) AS reset, sum(retrans_tx + retrans_rx) AS retransmissions"
                + " FROM flow_log.l4_flow_log WHERE " + ours());
        section("Top talkers (bytes both ways)", "SELECT " + ip0 + " AS client, " + ip1 + " AS server, server_port,"
                + " sum(byte_tx + byte_rx) AS bytes, sum(packet_tx + packet_rx) AS packets, uniqExact(flow_id) AS flows"
                + " FROM flow_log.l4_flow_log WHERE " + ours() + " AND is_ipv4 = 1"
                + " GROUP BY client, server, server_port ORDER BY bytes DESC LIMIT 10");
        section("Slowest TCP handshakes", "SELECT " + ip0 + " AS client, " + ip1 + " AS server, server_port,"
                + " round(rtt / 1000, 2) AS rtt_ms, round(rtt_client_sum / 1000, 2) AS client_side_ms,"
                + " round(rtt_server_sum / 1000, 2) AS server_side_ms"
                + " FROM flow_log.l4_flow_log WHERE " + ours() + " AND rtt_count > 0 AND is_ipv4 = 1 ORDER BY rtt DESC LIMIT 10");
        section("Flows closed by a reset, per server port", "SELECT server_port, count() AS flows,"
                + " countIf(close_type = 2) AS server_rst, countIf(close_type = 9) AS client_rst,"
                + " countIf(close_type = 15) AS refused_by_server, countIf(close_type IN (18, 19)) AS rst_during_setup"
                + " FROM flow_log.l4_flow_log WHERE " + ours() + " AND protocol = 6"
                + " GROUP BY server_port HAVING server_rst + client_rst + refused_by_server + rst_during_setup > 0"
                + " ORDER BY server_rst + client_rst + refused_by_server + rst_during_setup DESC LIMIT 10");
        section("Retransmission hot spots", "SELECT " + ip1 + " AS server, server_port, sum(retrans_tx) AS by_clients,"
                + " sum(retrans_rx) AS by_server, sum(packet_tx + packet_rx) AS packets,"
                + " round(100 * (by_clients + by_server) / packets, 2) AS retrans_pct"
                + " FROM flow_log.l4_flow_log WHERE " + ours() + " AND is_ipv4 = 1"
                + " GROUP BY server, server_port HAVING by_clients + by_server > 0 ORDER BY by_clients + by_server DESC LIMIT 10");
        say("");
        say("Go on from here: ./tapflow env prints the ports; e.g. curl 'http://127.0.0.1:"
                + URI.create(clickhouse).getPort() + "/' --data-binary \"SELECT ... FROM flow_log.l4_flow_log WHERE "
                + ours() + " FORMAT PrettyCompact\"");
    }

    private void section(String title, String sql) throws Exception {
        say("");
        say("== " + title);
        say(sql + ";");
        System.out.print(query(sql + " FORMAT PrettyCompactNoEscapes"));
    }

    private String query(String sql) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(clickhouse + "/?query="
                        + URLEncoder.encode(sql, StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("ClickHouse answered " + r.statusCode() + ": " + r.body().trim());
        }
        return r.body();
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
