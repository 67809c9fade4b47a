package io.tapflow.tools.schema;

import io.tapflow.schema.clickhouse.ColumnSpec;
import java.util.List;
import java.util.stream.Collectors;

/** Writes CREATE/ALTER statements for one table and one target from the columns of a schema version. */
public final class DdlRenderer {

    private static final String MODERN_SETTINGS = "index_granularity = 8192, ttl_only_drop_parts = 1";
    /** Lets the ClickHouse sink's insert_deduplication_token drop a batch re-sent after a failure (plain MergeTree only; replicated tables deduplicate by default). */
    private static final String SINGLE_NODE_DEDUP = ", non_replicated_deduplication_window = 1000";

    private final RenderOptions options;

    public DdlRenderer(RenderOptions options) {
        this.options = options;
    }

    public RenderOptions options() {
        return options;
    }

    public String createDatabase(String database) {
        return "CREATE DATABASE IF NOT EXISTS " + options.database(database) + onCluster();
    }

    /** CREATE TABLE statements (one; two for a cluster: the replicated local table and the Distributed one). */
    public List<Step> createTable(TableSpec spec, List<ColumnSpec> columns) {
        String body = columns.stream().map(c -> "    " + column(c)).collect(Collectors.joining(",\n", "(\n", "\n)"));
        String orderBy = "ORDER BY (" + String.join(", ", spec.orderBy()) + ")";
        String partition = "PARTITION BY " + TableSpec.PARTITION_BY;
        String ttl = "TTL time + INTERVAL " + options.ttlDays(spec) + " DAY";
        return switch (options.target()) {
            case LEGACY -> List.of(new Step.Statement(String.join("\n",
                    "CREATE TABLE IF NOT EXISTS " + options.qualified(spec), body,
                    "ENGINE = MergeTree", partition, orderBy, "SETTINGS index_granularity = 8192")));
            case MODERN -> List.of(new Step.Statement(String.join("\n",
                    "CREATE TABLE IF NOT EXISTS " + options.qualified(spec), body,
                    "ENGINE = MergeTree", partition, orderBy, ttl, "SETTINGS " + MODERN_SETTINGS + SINGLE_NODE_DEDUP)));
            case CLUSTER -> List.of(
                    new Step.Statement(String.join("\n",
                            "CREATE TABLE IF NOT EXISTS " + db(spec) + "." + spec.localTable() + onCluster(), body,
                            "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/" + db(spec) + "/" + spec.localTable() + "', '{replica}')",
                            partition, orderBy, ttl, "SETTINGS " + MODERN_SETTINGS)),
                    new Step.Statement("CREATE TABLE IF NOT EXISTS " + options.qualified(spec) + onCluster()
                            + " AS " + db(spec) + "." + spec.localTable()
                            + "\nENGINE = Distributed(" + options.cluster() + ", " + db(spec) + ", " + spec.localTable() + ", " + spec.shardingKey() + ")"));
        };
    }

    /** ADD COLUMN steps for a column added by a later schema version, placed after {@code after}. */
    public List<Step> addColumn(TableSpec spec, ColumnSpec column, String after) {
        String tail = " " + column(column) + " AFTER `" + after + "`";
        return switch (options.target()) {
            case LEGACY -> List.of(new Step.AddColumn(db(spec), spec.table(), column.name(),
                    "ALTER TABLE " + options.qualified(spec) + " ADD COLUMN" + tail));
            case MODERN -> List.of(new Step.AddColumn(db(spec), spec.table(), column.name(),
                    "ALTER TABLE " + options.qualified(spec) + " ADD COLUMN IF NOT EXISTS" + tail));
            case CLUSTER -> List.of(
                    new Step.AddColumn(db(spec), spec.localTable(), column.name(),
                            "ALTER TABLE " + db(spec) + "." + spec.localTable() + onCluster() + " ADD COLUMN IF NOT EXISTS" + tail),
                    new Step.AddColumn(db(spec), spec.table(), column.name(),
                            "ALTER TABLE " + options.qualified(spec) + onCluster() + " ADD COLUMN IF NOT EXISTS" + tail));
        };
    }

    /** The migration bookkeeping table (created before any migration runs). */
    public List<String> metaTable() {
        String columns = String.join("\n",
                "(",
                "    `id` String COMMENT 'migration id: <database>.<table>@v<schema version>',",
                "    `schema_version` UInt32 COMMENT 'released schema version the migration brings the table to',",
                "    `target` String COMMENT 'rendering applied: MODERN, LEGACY or CLUSTER',",
                "    `checksum` String COMMENT 'first 16 hex digits of the SHA-256 of the statements applied',",
                "    `applied_at` DateTime COMMENT 'when the migration finished (UTC)'",
                ")");
        String engine = options.target() == RenderTarget.CLUSTER
                ? "ENGINE = ReplicatedMergeTree('/clickhouse/tables/" + options.database(MigrationPlan.META_DATABASE) + "/schema_migrations', '{replica}')"
                : "ENGINE = MergeTree";
        return List.of(createDatabase(MigrationPlan.META_DATABASE),
                "CREATE TABLE IF NOT EXISTS " + options.metaTable() + onCluster() + "\n" + columns + "\n" + engine + "\nORDER BY id");
    }

    private String column(ColumnSpec c) {
        // ClickHouse's order: name type [COMMENT '...'] [CODEC(...)]
        StringBuilder sb = new StringBuilder().append('`').append(c.name()).append("` ");
        sb.append(options.target().modernTypes() ? c.type().modern() : c.type().legacy());
        if (c.comment() != null && !c.comment().isBlank()) {
            sb.append(" COMMENT ").append(quote(c.comment()));
        }
        if (options.target().modernTypes() && c.codec() != null) {
            sb.append(" CODEC(").append(c.codec()).append(')');
        }
        return sb.toString();
    }

    private String db(TableSpec spec) {
        return options.database(spec.database());
    }

    private String onCluster() {
        return options.target() == RenderTarget.CLUSTER ? " ON CLUSTER " + options.cluster() : "";
    }

    /** A ClickHouse string literal. */
    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
