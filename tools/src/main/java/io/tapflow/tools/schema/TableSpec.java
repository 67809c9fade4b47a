package io.tapflow.tools.schema;

import io.tapflow.schema.codec.PublishedSchema;
import java.util.List;

/**
 * A ClickHouse table backed by a published record: its columns are the record's fields (see
 * ClickHouseColumns); everything else about its storage is here.
 *
 * @param database         database name, e.g. {@code flow_log}
 * @param table            table name as users query it, e.g. {@code l4_flow_log}
 * @param schema           the record whose released versions give the columns
 * @param orderBy          sorting key columns (never changed after creation: ClickHouse cannot)
 * @param shardingKey      expression choosing the shard in the cluster rendering
 * @param defaultTtlDays   retention in days on the {@code time} column (overridable per install)
 */
public record TableSpec(String database, String table, PublishedSchema schema, List<String> orderBy,
                        String shardingKey, int defaultTtlDays) {

    /** Daily partitions on the whole-second {@code time} column every table has: retention drops whole days. */
    public static final String PARTITION_BY = "toYYYYMMDD(time)";

    public String qualifiedName() {
        return database + "." + table;
    }

    /** Name of the per-node replicated table behind the Distributed one (cluster rendering). */
    public String localTable() {
        return table + "_local";
    }
}
