package io.tapflow.jobs;

import io.tapflow.flow.FlowEngineConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the streaming flow job, from {@code --name value} arguments; every default is
 * documented in {@link #USAGE} and in docs/flow-engine.md.
 */
public final class FlowJobOptions {
    public static final String USAGE = """
            usage: FlowJob [options]
              --kafka-bootstrap HOST:PORT      default 127.0.0.1:$TAPFLOW_KAFKA_PORT (19092)
              --packets-topic NAME             input, default tapflow.packets
              --l4-topic NAME                  L4 flow logs for third parties, default tapflow.l4-flow-log.v1 ('' disables)
              --l7-topic NAME                  L7 request/response logs for third parties, default tapflow.l7-flow-log.v1 ('' disables)
              --clickhouse-l7-table DB.TABLE   default flow_log.l7_flow_log
              --dead-letter-topic NAME         default tapflow.dead-letter.v1
              --group-id NAME                  consumer group, default tapflow-flow-engine
              --starting-offsets earliest|latest|committed|timestamp:EPOCH_MS   default committed (earliest when none)
              --checkpoint-interval D          default 10s (exactly-once output is committed at checkpoints)
              --checkpoint-dir URI             default file://<java.io.tmpdir>/tapflow-checkpoints (use s3://... in production)
              --out-of-orderness D             watermark lag behind the newest batch per partition, default 2s
              --idleness D                     a partition without data this long stops holding watermarks back, default 30s
              --clickhouse-url URL             default http://127.0.0.1:$TAPFLOW_CLICKHOUSE_HTTP_PORT (18123); '' disables
              --clickhouse-table DB.TABLE      default flow_log.l4_flow_log
              --elasticsearch-url URL          L4/L7 logs into daily tapflow-l4-*/tapflow-l7-* indices (docs/elasticsearch.md), default '' (disabled)
              --resources-topic NAME           join the resource catalog (compacted topic, e.g. tapflow.resources) to the logs;
                                               default '' (off: see docs/enrichment.md, known gaps)
              --enrich-vpc-strategies, --enrich-default-vpc, --enrich-tap-vpcs, --enrich-vlan-vpcs,
              --enrich-tunnel-vpcs, --enrich-history, --enrich-catalog-wait   see docs/enrichment.md
              --metrics true|false             1 s / 1 min network and application metrics to ClickHouse
                                               (flow_metrics.*) and Kafka (tapflow.*-metrics.v1), default false
              --parallelism N                  default 1
              --bounded true|false             stop at the offsets present at start (tests, backfill), default false
              --timeout-opening/--timeout-established/--timeout-closing/--timeout-one-way/--timeout-two-way D
              --report-interval D              as for tapflow replay""";

    final Map<String, String> values = new LinkedHashMap<>();
    private final FlowEngineConfig.Builder engine = FlowEngineConfig.builder();

    private FlowJobOptions() {
        String kafkaPort = env("TAPFLOW_KAFKA_PORT", "19092");
        String chPort = env("TAPFLOW_CLICKHOUSE_HTTP_PORT", "18123");
        values.put("kafka-bootstrap", "127.0.0.1:" + kafkaPort);
        values.put("packets-topic", "tapflow.packets");
        values.put("l4-topic", "tapflow.l4-flow-log.v1");
        values.put("l7-topic", "tapflow.l7-flow-log.v1");
        values.put("clickhouse-l7-table", "flow_log.l7_flow_log");
        values.put("dead-letter-topic", "tapflow.dead-letter.v1");
        values.put("group-id", "tapflow-flow-engine");
        values.put("starting-offsets", "committed");
        values.put("checkpoint-interval", "10s");
        values.put("checkpoint-dir", java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "tapflow-checkpoints").toUri().toString());
        values.put("out-of-orderness", "2s");
        values.put("idleness", "30s");
        values.put("clickhouse-url", "http://127.0.0.1:" + chPort);
        values.put("clickhouse-table", "flow_log.l4_flow_log");
        values.put("elasticsearch-url", "");
        values.put("resources-topic", "");
        for (String enrich : new String[] {"enrich-vpc-strategies", "enrich-default-vpc", "enrich-tap-vpcs",
                "enrich-vlan-vpcs", "enrich-tunnel-vpcs", "enrich-history", "enrich-catalog-wait"}) {
            values.put(enrich, "");
        }
        values.put("metrics", "false");
        values.put("parallelism", "1");
        values.put("bounded", "false");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static FlowJobOptions parse(String... args) {
        FlowJobOptions o = new FlowJobOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + a);
            }
            String name = a.substring(2);
            String v = args[++i];
            switch (name) {
                case "timeout-opening" -> o.engine.openingTimeout(Durations.parse(a, v));
                case "timeout-established" -> o.engine.establishedTimeout(Durations.parse(a, v));
                case "timeout-closing" -> o.engine.closingTimeout(Durations.parse(a, v));
                case "timeout-one-way" -> o.engine.oneWayTimeout(Durations.parse(a, v));
                case "timeout-two-way" -> o.engine.twoWayTimeout(Durations.parse(a, v));
                case "report-interval" -> o.engine.reportInterval(Durations.parse(a, v));
                default -> {
                    if (!o.values.containsKey(name)) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    o.values.put(name, v);
                }
            }
        }
        o.duration("checkpoint-interval");
        o.duration("out-of-orderness");
        o.duration("idleness");
        o.parallelism();
        if (o.bounded() && !o.get("resources-topic").isEmpty()) {
            throw new IllegalArgumentException("--bounded true stops at the end of the packets, but the catalog is an endless"
                    + " stream: also give --resources-topic '' (no enrichment)");
        }
        o.enrichmentConfig();
        String offsets = o.get("starting-offsets");
        if (!offsets.equals("earliest") && !offsets.equals("latest") && !offsets.equals("committed")
                && !offsets.matches("timestamp:\\d+")) {
            throw new IllegalArgumentException("--starting-offsets: '" + offsets
                    + "' is not earliest, latest, committed or timestamp:EPOCH_MS");
        }
        return o;
    }

    public String get(String name) {
        return values.get(name);
    }

    public Duration duration(String name) {
        return Durations.parse("--" + name, get(name));
    }

    public int parallelism() {
        try {
            int p = Integer.parseInt(get("parallelism"));
            if (p < 1) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--parallelism: '" + get("parallelism") + "' is not a positive integer");
        }
    }

    public boolean bounded() {
        return Boolean.parseBoolean(get("bounded"));
    }

    /** The enrich-* options; an empty value means the enrichment default. */
    public io.tapflow.enrich.EnrichmentConfig enrichmentConfig() {
        return io.tapflow.enrich.EnrichmentConfig.fromOptions(name -> {
            String v = values.get(name);
            return v == null || v.isEmpty() ? null : v;
        });
    }

    public FlowEngineConfig engineConfig() {
        return engine.build();
    }
}
