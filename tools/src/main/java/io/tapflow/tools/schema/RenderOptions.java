package io.tapflow.tools.schema;

import java.util.HashMap;
import java.util.Map;

/**
 * Install-specific choices for the DDL.
 *
 * @param target      which server kind to write for
 * @param cluster     cluster name for ON CLUSTER and Distributed (cluster target only); default {@code tapflow}
 * @param ttlDays     retention overrides in days by qualified table name; tables not listed keep
 *                    {@link TableSpec#defaultTtlDays()}
 * @param databasePrefix prepended to every database name (default empty), so tests or tenants get
 *                    their own copy: prefix {@code t1_} gives {@code t1_flow_log.l4_flow_log}
 */
public record RenderOptions(RenderTarget target, String cluster, Map<String, Integer> ttlDays, String databasePrefix) {

    public static final String DEFAULT_CLUSTER = "tapflow";

    public RenderOptions {
        if (!cluster.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("cluster name must be an identifier, got '" + cluster + "'");
        }
        if (!databasePrefix.matches("[A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("database prefix must be letters, digits and _, got '" + databasePrefix + "'");
        }
        ttlDays = Map.copyOf(ttlDays);
        ttlDays.forEach((table, days) -> {
            if (days < 1) {
                throw new IllegalArgumentException("retention of " + table + " must be at least 1 day, got " + days);
            }
        });
    }

    public static RenderOptions of(RenderTarget target) {
        return new RenderOptions(target, DEFAULT_CLUSTER, Map.of(), "");
    }

    public RenderOptions withTarget(RenderTarget newTarget) {
        return new RenderOptions(newTarget, cluster, ttlDays, databasePrefix);
    }

    public RenderOptions withTtl(String table, int days) {
        Map<String, Integer> m = new HashMap<>(ttlDays);
        m.put(table, days);
        return new RenderOptions(target, cluster, m, databasePrefix);
    }

    public RenderOptions withDatabasePrefix(String prefix) {
        return new RenderOptions(target, cluster, ttlDays, prefix);
    }

    /** The database name on the server for a logical database ({@code flow_log}, {@code tapflow_meta}). */
    public String database(String logical) {
        return databasePrefix + logical;
    }

    /** {@code database.table} on the server. */
    public String qualified(TableSpec table) {
        return database(table.database()) + "." + table.table();
    }

    /** The migration bookkeeping table on the server. */
    public String metaTable() {
        return database(MigrationPlan.META_DATABASE) + "." + MigrationPlan.META_TABLE;
    }

    public int ttlDays(TableSpec table) {
        return ttlDays.getOrDefault(table.qualifiedName(), table.defaultTtlDays());
    }
}
