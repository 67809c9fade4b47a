package io.tapflow.metrics;

import io.tapflow.flow.FlowCounters;
import io.tapflow.flow.FlowMeter;
import io.tapflow.gen.CaptureGenerator;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Benchmark of the metrics rollup (a main, not a test: timings vary with the machine):
 * <ol>
 *   <li>reduce hot path on one thread: documents folded into accumulators per second, and bytes
 *       allocated per document (map step apart);</li>
 *   <li>the Flink pipeline (map → keyBy → 1 s → 1 min) in a MiniCluster at parallelism 1 on
 *       synthetic meters: documents per CPU-second of the whole process (so per core);</li>
 *   <li>storage: a capture-gen "mix" capture through the flow engine and the rollup, written to
 *       the local ClickHouse (TAPFLOW_CLICKHOUSE_HTTP_PORT) under a throw-away prefix, merged
 *       (OPTIMIZE FINAL), and the compressed and raw bytes per row of each table read from system.parts.</li>
 * </ol>
 * Usage: {@code ./tapflow bench-metrics [--flows N] [--seconds N] [--packets N] [--lateness-ms N] [--object-reuse] [--no-flink] [--no-storage]}.
 */
public final class MetricsBenchmark {
    private MetricsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int flows = 20_000;
        int seconds = 120;
        long packets = 400_000;
        boolean storage = true;
        boolean flinkRun = true;
        Duration lateness = MetricsConfig.DEFAULT_ALLOWED_LATENESS;
        boolean objectReuse = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--flows" -> flows = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--packets" -> packets = Long.parseLong(args[++i]);
                case "--no-storage" -> storage = false;
                case "--no-flink" -> flinkRun = false;
                case "--object-reuse" -> objectReuse = true;
                case "--lateness-ms" -> lateness = Duration.ofMillis(Long.parseLong(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        hotPath(flows, seconds);
        if (flinkRun) {
            flink(flows, seconds, lateness, objectReuse);
        }
        if (storage) {
            storage(packets);
        }
    }

    /** Synthetic traffic: {@code flows} flows between 4 000 clients and 500 servers on 20 ports, each active in a second with probability 1/2. */
    static final class Meters implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final int flows;
        private final byte[][] clients;
        private final byte[][] servers;
        private final int[] ports;

        Meters(int flows) {
            this.flows = flows;
            SplittableRandom r = new SplittableRandom(7);
            clients = new byte[flows][];
            servers = new byte[flows][];
            ports = new int[flows];
            for (int f = 0; f < flows; f++) {
                int c = r.nextInt(4_000);
                int s = r.nextInt(500);
                clients[f] = new byte[] {10, 1, (byte) (c >> 8), (byte) c};
                servers[f] = new byte[] {10, 2, (byte) (s >> 8), (byte) s};
                ports[f] = 8000 + r.nextInt(20);
            }
        }

        /** The meter of flow {@code f} in second {@code sec}, or null when it is idle then. */
        FlowMeter meter(int f, long sec) {
            long h = (f * 0x9E3779B97F4A7C15L) ^ (sec * 0xC2B2AE3D27D4EB4FL);
            if (((h >>> 17) & 1) == 0) {
                return null;
            }
            FlowMeter m = new FlowMeter();
            m.timeSec = sec;
            m.flowId = f;
            m.agentId = "bench";
            m.tapType = 3;
            m.protocol = 6;
            m.ipVersion = 4;
            m.ipClient = clients[f];
            m.ipServer = servers[f];
            m.clientPort = 30000 + f % 30000;
            m.serverPort = ports[f];
            m.newFlow = sec == 0 ? 1 : 0;
            FlowCounters c = new FlowCounters();
            c.packets[0] = 1 + (h & 7);
            c.packets[1] = 1 + (h >>> 3 & 7);
            c.bytes[0] = 100 * c.packets[0];
            c.bytes[1] = 900 * c.packets[1];
            c.artSum = 1000 + (h >>> 8 & 1023);
            c.artCount = 1;
            c.artMax = c.artSum;
            m.counters = c;
            return m;
        }
    }

    private static void hotPath(int flows, int seconds) {
        Meters gen = new Meters(flows);
        // documents of the whole run made up front: the loop measures the reduce alone
        List<MetricDoc[]> perSecond = new ArrayList<>();
        long docs = 0;
        for (long s = 0; s < seconds; s++) {
            List<MetricDoc> batch = new ArrayList<>();
            for (int f = 0; f < flows; f++) {
                FlowMeter m = gen.meter(f, s);
                if (m != null) {
                    MeterDocuments.map(EnrichedMeter.unknown(m), batch::add);
                }
            }
            perSecond.add(batch.toArray(new MetricDoc[0]));
            docs += batch.size();
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long rows = 0;
        for (int round = 0; round < 3; round++) { // the first rounds warm the JIT up
            Map<MetricKey, MetricAccumulator> window = new HashMap<>();
            long allocated = threads.getThreadAllocatedBytes(tid);
            long cpu = threads.getCurrentThreadCpuTime();
            rows = 0;
            for (MetricDoc[] second : perSecond) {
                for (MetricDoc d : second) {
                    MetricAccumulator acc = window.get(d.key);
                    if (acc == null) {
                        acc = new MetricAccumulator();
                        window.put(d.key, acc);
                    }
                    acc.add(d);
                }
                rows += window.size();
                window.clear();
            }
            double cpuSec = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            long bytes = threads.getThreadAllocatedBytes(tid) - allocated;
            if (round == 2) {
                System.out.printf("reduce hot path (1 thread): %,d documents -> %,d 1 s rows in %.2f CPU-s: %,.0f documents/s per core; "
                        + "%.1f bytes allocated per document (new buckets' accumulators and map entries only)%n",
                        docs, rows, cpuSec, docs / cpuSec, (double) bytes / docs);
            }
        }
    }

    private static void flink(int flows, int seconds, Duration lateness, boolean objectReuse) throws Exception {
        Meters gen = new Meters(flows);
        long docs = 0;
        for (long s = 0; s < seconds; s++) {
            for (int f = 0; f < flows; f++) {
                docs += gen.meter(f, s) == null ? 0 : 3;
            }
        }
        // the same job without the rollup (meters generated and discarded): its CPU is not the rollup's
        double baseline = runJob(gen, flows, seconds, lateness, objectReuse, false)[1];
        double[] t = runJob(gen, flows, seconds, lateness, objectReuse, true);
        System.out.printf("Flink pipeline (MiniCluster, parallelism 1, allowed lateness %d ms%s): %,d documents in %.1f s wall, %.1f CPU-s "
                + "(%.1f CPU-s of it generating the meters and running the MiniCluster): %,.0f documents per CPU-second for map, shuffle, "
                + "1 s and 1 min reduce and Avro records; %,.0f including the generator%n",
                lateness.toMillis(), objectReuse ? ", object reuse" : "", docs, t[0], t[1], baseline, docs / (t[1] - baseline), docs / t[1]);
    }

    /** Runs the generator job, with or without the rollup; returns {wall seconds, process CPU seconds}. */
    private static double[] runJob(Meters gen, int flows, int seconds, Duration lateness, boolean objectReuse, boolean rollup) throws Exception {
        long total = (long) flows * seconds;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        if (objectReuse) {
            env.getConfig().enableObjectReuse();
        }
        DataStream<FlowMeter> meters = env.fromSequence(0, total - 1)
                .flatMap((Long i, org.apache.flink.util.Collector<FlowMeter> out) -> {
                    FlowMeter m = gen.meter((int) (i % flows), i / flows);
                    if (m != null) {
                        out.collect(m);
                    }
                }).returns(TypeInformation.of(FlowMeter.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<FlowMeter>forMonotonousTimestamps()
                        .withTimestampAssigner((m, ts) -> m.timeSec * 1000));
        if (rollup) {
            MetricsStreams streams = MetricsPipeline.attach(meters, MetricsConfig.builder().allowedLateness(lateness).build());
            streams.network1s().sinkTo(new DiscardingSink<>());
            streams.network1m().sinkTo(new DiscardingSink<>());
            streams.networkMap1s().sinkTo(new DiscardingSink<>());
            streams.networkMap1m().sinkTo(new DiscardingSink<>());
        } else {
            meters.sinkTo(new DiscardingSink<>());
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        env.execute(rollup ? "metrics benchmark" : "metrics benchmark baseline");
        return new double[] {(System.nanoTime() - wall) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9};
    }

    private static void storage(long packets) throws Exception {
        Path dir = Files.createTempDirectory("tapflow-metrics-bench");
        Path capture = dir.resolve("mix.pcap");
        new CaptureGenerator().seed(11).packets(packets).flowsPerSecond(100).snapLength(96).writeTruthFile(false).generate("mix", capture);
        PipelineRun run = PipelineRun.run(capture, 1);
        long span = run.network1s.stream().mapToLong(r -> r.getTime()).max().orElse(0) - run.network1s.stream().mapToLong(r -> r.getTime()).min().orElse(0) + 1;
        System.out.printf("storage input: %,d packets, %,d flow-log records, %,d meters (%,d documents), %d s of traffic -> %,d network_1s, %,d network_map_1s, "
                + "%,d network_1m, %,d network_map_1m rows%n", packets, run.flowLogs.size(), run.meters.size(), 3L * run.meters.size(), span,
                run.network1s.size(), run.networkMap1s.size(), run.network1m.size(), run.networkMap1m.size());
        int port = Integer.parseInt(System.getenv().getOrDefault("TAPFLOW_CLICKHOUSE_HTTP_PORT", "18123"));
        HttpClient http = HttpClient.newHttpClient();
        String prefix = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
        try {
            String version = send(http, port, "SELECT version() FORMAT TabSeparated", null).strip();
            boolean legacy = version.startsWith("1") || version.startsWith("20.") || version.startsWith("21.1") || version.matches("21\\.[2-7]\\..*");
            for (String s : ExampleData.statements(ExampleData.REPO.resolve("sql/generated/" + (legacy ? "legacy.sql" : "modern.sql")))) {
                send(http, port, ExampleData.prefixed(s, prefix), null);
            }
            Map<String, ExampleData.Rows> rows = ExampleData.rows(run);
            for (var e : rows.entrySet()) {
                send(http, port, "INSERT INTO " + prefix + e.getKey() + " (" + e.getValue().columns() + ") FORMAT RowBinary", e.getValue().data());
            }
            for (String t : List.of("network_1s", "network_map_1s", "network_1m", "network_map_1m")) {
                send(http, port, "OPTIMIZE TABLE " + prefix + "flow_metrics." + t + " FINAL", null);
                String[] r = send(http, port, "SELECT sum(rows), sum(data_compressed_bytes), sum(data_uncompressed_bytes) FROM system.parts "
                        + "WHERE active AND database = '" + prefix + "flow_metrics' AND table = '" + t + "' FORMAT TabSeparated", null).strip().split("\t");
                long n = Long.parseLong(r[0]);
                System.out.printf("ClickHouse %s flow_metrics.%-15s %,9d rows: %6.1f bytes/row compressed, %6.1f bytes/row raw (%s)%n", version, t, n,
                        Double.parseDouble(r[1]) / n, Double.parseDouble(r[2]) / n,
                        legacy ? "LZ4, the server's default; 18.16 has no column codecs" : "LZ4 default, DoubleDelta+ZSTD(1) on time");
            }
        } finally {
            for (String db : List.of("flow_log", "flow_metrics", "tapflow_meta")) {
                send(http, port, "DROP DATABASE IF EXISTS " + prefix + db, null);
            }
        }
        chdbStorage(run, dir);
    }

    /** The same rows on chDB 26.x with the modern rendering (tools/chdb/run-examples.js --part-stats). */
    private static void chdbStorage(PipelineRun run, Path dir) throws Exception {
        Path rowsDir = dir.resolve("rows");
        ExampleData.writeFiles(ExampleData.rows(run), rowsDir);
        Path out = dir.resolve("chdb-parts.out");
        Process p = new ProcessBuilder("bash", ExampleData.REPO.resolve("tools/chdb/examples.sh").toString(),
                ExampleData.REPO.resolve("sql/generated/modern.sql").toString(), rowsDir.toString(), ExampleData.EXAMPLES.toString(), "--part-stats")
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            System.out.println("chDB storage measurement failed (see above)");
            return;
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : Files.readAllLines(out)) {
            var n = json.readTree(line);
            long rows = n.get("rows").asLong();
            System.out.printf("chDB 26.x (modern rendering) %-29s %,9d rows: %6.1f bytes/row compressed, %6.1f bytes/row raw "
                    + "(LZ4 default, DoubleDelta+ZSTD(1) on time, LowCardinality strings, IPv4/IPv6 columns)%n",
                    n.get("table").asText(), rows, n.get("compressed").asDouble() / rows, n.get("uncompressed").asDouble() / rows);
        }
    }

    private static String send(HttpClient http, int port, String sql, byte[] body) throws Exception {
        HttpRequest.Builder b = body == null
                ? HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).POST(HttpRequest.BodyPublishers.ofString(sql))
                : HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("ClickHouse rejected " + sql.substring(0, Math.min(200, sql.length())) + ": " + r.body());
        }
        return r.body();
    }
}
