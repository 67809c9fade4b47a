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

    /** Every managed table, in creation order. */
    public static List<TableSpec> all() {
        return List.of(L4_FLOW_LOG, L7_FLOW_LOG);
    }

    public static Optional<TableSpec> byName(String qualifiedName) {
        return all().stream().filter(t -> t.qualifiedName().equals(qualifiedName)).findFirst();
    }
}
