package io.tapflow.tools.schema;

import io.tapflow.schema.codec.PublishedSchema;
import java.util.List;
import java.util.Optional;

/** The tables tapflow manages (names are part of the user-facing contract, see DESIGN.md). */
public final class Tables {

    private Tables() {
    }

    /** Flow logs: 3 days by default; rows of one flow share a shard so L4/L7 joins stay local. */
    public static final TableSpec L4_FLOW_LOG = new TableSpec("flow_log", "l4_flow_log", PublishedSchema.L4_FLOW_LOG,
            List.of("time", "l3_epc_id_1", "is_ipv4", "ip4_1", "ip6_1", "server_port"), "sipHash64(flow_id)", 3);
    public static final TableSpec L7_FLOW_LOG = new TableSpec("flow_log", "l7_flow_log", PublishedSchema.L7_FLOW_LOG,
            List.of("time", "l7_protocol", "l3_epc_id_1", "is_ipv4", "ip4_1", "ip6_1", "server_port"), "sipHash64(flow_id)", 3);

    private static final List<String> NETWORK_KEY = List.of("time", "l3_epc_id", "is_ipv4", "ip4", "ip6", "protocol", "server_port",
            "role", "tap_side", "agent_id");
    private static final List<String> NETWORK_MAP_KEY = List.of("time", "l3_epc_id_1", "is_ipv4", "ip4_1", "ip6_1", "protocol", "server_port",
            "l3_epc_id_0", "ip4_0", "ip6_0", "tap_side", "agent_id");
    private static final List<String> APPLICATION_KEY = List.of("time", "l7_protocol", "l3_epc_id", "is_ipv4", "ip4", "ip6", "server_port",
            "role", "tap_side", "agent_id");
    private static final List<String> APPLICATION_MAP_KEY = List.of("time", "l7_protocol", "l3_epc_id_1", "is_ipv4", "ip4_1", "ip6_1",
            "server_port", "l3_epc_id_0", "ip4_0", "ip6_0", "tap_side", "agent_id");

    /*
     * Metric tables: plain MergeTree holding partial aggregates. A (tags, time) key may have several
     * rows (late data), so every query aggregates: sum() for counters, *_sum/*_count and flow_load
     * (late rows carry only what they add), max() for *_max. Rows are spread over shards at random;
     * a Distributed GROUP BY merges them.
     */
    public static final TableSpec NETWORK_1S = metrics("network_1s", PublishedSchema.NETWORK_METRICS, NETWORK_KEY, 1);
    public static final TableSpec NETWORK_1M = metrics("network_1m", PublishedSchema.NETWORK_METRICS, NETWORK_KEY, 7);
    public static final TableSpec NETWORK_MAP_1S = metrics("network_map_1s", PublishedSchema.NETWORK_MAP_METRICS, NETWORK_MAP_KEY, 1);
    public static final TableSpec NETWORK_MAP_1M = metrics("network_map_1m", PublishedSchema.NETWORK_MAP_METRICS, NETWORK_MAP_KEY, 7);
    public static final TableSpec APPLICATION_1S = metrics("application_1s", PublishedSchema.APPLICATION_METRICS, APPLICATION_KEY, 1);
    public static final TableSpec APPLICATION_1M = metrics("application_1m", PublishedSchema.APPLICATION_METRICS, APPLICATION_KEY, 7);
    public static final TableSpec APPLICATION_MAP_1S = metrics("application_map_1s", PublishedSchema.APPLICATION_MAP_METRICS, APPLICATION_MAP_KEY, 1);
    public static final TableSpec APPLICATION_MAP_1M = metrics("application_map_1m", PublishedSchema.APPLICATION_MAP_METRICS, APPLICATION_MAP_KEY, 7);

    private static TableSpec metrics(String table, PublishedSchema schema, List<String> key, int ttlDays) {
        return new TableSpec("flow_metrics", table, schema, key, "rand()", ttlDays);
    }

    /** Every managed table backed by a record, in creation order. */
    public static List<TableSpec> all() {
        return List.of(L4_FLOW_LOG, L7_FLOW_LOG, NETWORK_1S, NETWORK_1M, NETWORK_MAP_1S, NETWORK_MAP_1M,
                APPLICATION_1S, APPLICATION_1M, APPLICATION_MAP_1S, APPLICATION_MAP_1M);
    }

    /** Hourly and daily rollups of every 1-minute table (30 and 365 days by default): docs/metrics.md. */
    public static List<RollupSpec> rollups() {
        return List.of(NETWORK_1M, NETWORK_MAP_1M, APPLICATION_1M, APPLICATION_MAP_1M).stream()
                .flatMap(t -> java.util.stream.Stream.of(new RollupSpec(t, "1h", 3600, 30), new RollupSpec(t, "1d", 86400, 365)))
                .toList();
    }

    /** Every table holding data, rollup storage included: what retention and the disk watermark manage. */
    public static List<TableSpec> retained() {
        List<TableSpec> out = new java.util.ArrayList<>(all());
        rollups().forEach(r -> out.add(r.storage()));
        return out;
    }

    /** A table by qualified name; a rollup's view name gives its storage table. */
    public static Optional<TableSpec> byName(String qualifiedName) {
        Optional<TableSpec> table = retained().stream().filter(t -> t.qualifiedName().equals(qualifiedName)).findFirst();
        return table.isPresent() ? table
                : rollups().stream().filter(r -> r.qualifiedView().equals(qualifiedName)).map(RollupSpec::storage).findFirst();
    }
}
