package io.tapflow.tools.schema;

import io.tapflow.schema.clickhouse.ColumnSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** DDL of a {@link RollupSpec}: storage table(s), materialized view and user-facing view, per rendering. */
public final class RollupRenderer {

    private final RenderOptions options;

    public RollupRenderer(RenderOptions options) {
        this.options = options;
    }

    /** Everything a rollup needs, for the columns of one schema version; every statement is idempotent. */
    public List<Step> create(RollupSpec r, List<ColumnSpec> columns) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.Statement(new DdlRenderer(options).createDatabase(r.source().database())));
        steps.addAll(storage(r, columns));
        steps.addAll(views(r, columns));
        return steps;
    }

    /**
     * For a later schema version: the new columns on the storage table, then the views recreated
     * with them (a materialized view cannot be altered on 18.16; inserts into the 1-minute table
     * between its drop and its creation are not rolled up).
     */
    public List<Step> addColumns(RollupSpec r, List<ColumnSpec> added, List<String> predecessors, List<ColumnSpec> columns) {
        List<Step> steps = new ArrayList<>();
        TableSpec storage = r.storage();
        for (int i = 0; i < added.size(); i++) {
            String tail = " " + column(added.get(i)) + " AFTER `" + predecessors.get(i) + "`";
            boolean legacy = options.target() == RenderTarget.LEGACY;
            String ifNotExists = legacy ? "" : " IF NOT EXISTS";
            if (options.target() == RenderTarget.CLUSTER) {
                steps.add(new Step.AddColumn(db(r), storage.localTable(), added.get(i).name(),
                        "ALTER TABLE " + db(r) + "." + storage.localTable() + onCluster() + " ADD COLUMN" + ifNotExists + tail));
            }
            steps.add(new Step.AddColumn(db(r), storage.table(), added.get(i).name(),
                    "ALTER TABLE " + options.qualified(storage) + onCluster() + " ADD COLUMN" + ifNotExists + tail));
        }
        steps.add(new Step.Statement("DROP TABLE IF EXISTS " + db(r) + "." + r.materializedView() + onCluster()));
        steps.add(new Step.Statement("DROP TABLE IF EXISTS " + db(r) + "." + r.view() + onCluster()));
        steps.addAll(views(r, columns));
        return steps;
    }

    private List<Step> storage(RollupSpec r, List<ColumnSpec> columns) {
        TableSpec storage = r.storage();
        String body = columns.stream().map(c -> "    " + column(c)).collect(Collectors.joining(",\n", "(\n", "\n)"));
        String keys = "PARTITION BY " + TableSpec.PARTITION_BY + "\nPRIMARY KEY (" + String.join(", ", r.source().orderBy()) + ")"
                + "\nORDER BY (" + String.join(", ", r.sortingKey(columns)) + ")";
        String ttl = "\nTTL time + INTERVAL " + options.ttlDays(storage) + " DAY\nSETTINGS index_granularity = 8192, ttl_only_drop_parts = 1";
        return switch (options.target()) {
            case LEGACY -> List.of(new Step.Statement("CREATE TABLE IF NOT EXISTS " + options.qualified(storage) + "\n" + body
                    + "\nENGINE = AggregatingMergeTree\n" + keys + "\nSETTINGS index_granularity = 8192"));
            case MODERN -> List.of(new Step.Statement("CREATE TABLE IF NOT EXISTS " + options.qualified(storage) + "\n" + body
                    + "\nENGINE = AggregatingMergeTree\n" + keys + ttl));
            case CLUSTER -> List.of(
                    new Step.Statement("CREATE TABLE IF NOT EXISTS " + db(r) + "." + storage.localTable() + onCluster() + "\n" + body
                            + "\nENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/" + db(r) + "/" + storage.localTable()
                            + "', '{replica}')\n" + keys + ttl),
                    new Step.Statement("CREATE TABLE IF NOT EXISTS " + options.qualified(storage) + onCluster() + " AS " + db(r) + "."
                            + storage.localTable() + "\nENGINE = Distributed(" + options.cluster() + ", " + db(r) + ", " + storage.localTable()
                            + ", " + storage.shardingKey() + ")"));
        };
    }

    private List<Step> views(RollupSpec r, List<ColumnSpec> columns) {
        boolean cluster = options.target() == RenderTarget.CLUSTER;
        String into = db(r) + "." + (cluster ? r.storage().localTable() : r.storage().table());
        return List.of(
                new Step.Statement("CREATE MATERIALIZED VIEW IF NOT EXISTS " + db(r) + "." + r.materializedView() + onCluster()
                        + " TO " + into + "\nAS " + select(r, columns, "")),
                new Step.Statement("CREATE VIEW IF NOT EXISTS " + db(r) + "." + r.view() + onCluster()
                        + "\nAS SELECT\n    " + String.join(",\n    ", merged(columns)) + "\nFROM " + options.qualified(r.storage())
                        + "\nGROUP BY " + String.join(", ", groupBy(columns))));
    }

    /**
     * The rollup's SELECT over the 1-minute table (the materialized view's), with an optional extra
     * WHERE condition on the 1-minute rows; on a cluster it reads the node's local table.
     */
    public String select(RollupSpec r, List<ColumnSpec> columns, String where) {
        String from = db(r) + "." + (options.target() == RenderTarget.CLUSTER ? r.source().localTable() : r.source().table());
        List<String> select = new ArrayList<>();
        for (ColumnSpec c : columns) {
            String n = "`" + c.name() + "`";
            switch (c.name()) {
                // epoch-aligned UTC buckets, like the Flink buckets (toStartOfHour/Day follow the server's time zone)
                case "time" -> select.add("toDateTime(intDiv(toUInt32(time), " + r.periodSec() + ") * " + r.periodSec() + ") AS time");
                case "period" -> select.add("toUInt32(" + r.periodSec() + ") AS period");
                default -> select.add(RollupSpec.isMax(c) ? "maxState(" + n + ") AS " + n
                        : RollupSpec.isMetric(c) ? "sumState(" + n + ") AS " + n : n);
            }
        }
        return "SELECT\n    " + String.join(",\n    ", select) + "\nFROM " + from + (where.isBlank() ? "" : "\nWHERE " + where)
                + "\nGROUP BY " + String.join(", ", groupBy(columns));
    }

    private static List<String> groupBy(List<ColumnSpec> columns) {
        List<String> group = new ArrayList<>();
        for (ColumnSpec c : columns) {
            if (c.name().equals("time") || c.name().equals("period")) {
                group.add(c.name());
            } else if (!RollupSpec.isMetric(c)) {
                group.add("`" + c.name() + "`");
            }
        }
        return group;
    }

    private static List<String> merged(List<ColumnSpec> columns) {
        List<String> merge = new ArrayList<>();
        for (ColumnSpec c : columns) {
            String n = "`" + c.name() + "`";
            merge.add(c.name().equals("time") || c.name().equals("period") ? c.name()
                    : RollupSpec.isMax(c) ? "maxMerge(" + n + ") AS " + n
                    : RollupSpec.isMetric(c) ? "sumMerge(" + n + ") AS " + n : n);
        }
        return merge;
    }

    private String column(ColumnSpec c) {
        String type = options.target().modernTypes() ? c.type().modern() : c.type().legacy();
        StringBuilder sb = new StringBuilder().append('`').append(c.name()).append("` ");
        boolean state = RollupSpec.isMetric(c);
        if (state) {
            sb.append("AggregateFunction(").append(RollupSpec.isMax(c) ? "max" : "sum").append(", ").append(type).append(')');
        } else {
            sb.append(type);
        }
        String comment = state ? (RollupSpec.isMax(c) ? "max" : "sum") + " state of " + c.name() + " (read it through the view): " + c.comment()
                : c.comment();
        if (comment != null && !comment.isBlank()) {
            sb.append(" COMMENT ").append(DdlRenderer.quote(comment));
        }
        if (options.target().modernTypes() && c.codec() != null && !state) {
            sb.append(" CODEC(").append(c.codec()).append(')');
        }
        return sb.toString();
    }

    private String db(RollupSpec r) {
        return options.database(r.source().database());
    }

    private String onCluster() {
        return options.target() == RenderTarget.CLUSTER ? " ON CLUSTER " + options.cluster() : "";
    }
}
