package io.tapflow.tools.schema;

import io.tapflow.schema.clickhouse.ColumnSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A ClickHouse rollup of a 1-minute metric table into longer buckets (1 h, 1 d), kept by a
 * materialized view, so it works the same on ClickHouse 18.16 and on current servers (docs/metrics.md):
 * <ul>
 *   <li>{@link #storage()}: an AggregatingMergeTree whose sorting key is the whole tag set; counters
 *       are {@code AggregateFunction(sum, UInt64)} states, the *_max columns and flow_load
 *       {@code AggregateFunction(max, T)} states. (Not a SummingMergeTree: it deletes rows whose
 *       summed columns are all zero, such as an idle connection's minute that carries only
 *       flow_load, and current servers do it already on insert.)</li>
 *   <li>{@link #materializedView()}: on every insert into the 1-minute table, groups the block by
 *       the longer bucket (UTC, epoch-aligned like the Flink buckets) and appends it to the storage;</li>
 *   <li>{@link #view()}: the table users query, with exactly the columns and types of the 1-minute
 *       table (period = 3600 or 86400), one row per tag set and bucket whether or not background
 *       merges have caught up.</li>
 * </ul>
 * flow_load in a rollup is the largest 1-minute value of the bucket (peak active connections).
 *
 * @param source         the 1-minute table rolled up
 * @param suffix         {@code 1h} or {@code 1d}
 * @param periodSec      bucket length in seconds
 * @param defaultTtlDays retention of the storage table in days
 */
public record RollupSpec(TableSpec source, String suffix, int periodSec, int defaultTtlDays) {

    /** The user-facing view, e.g. {@code network_1h}. */
    public String view() {
        return base() + "_" + suffix;
    }

    /** The storage table as a TableSpec (retention, partitions), e.g. {@code network_1h_rollup}. */
    public TableSpec storage() {
        return new TableSpec(source.database(), view() + "_rollup", source.schema(), source.orderBy(), "rand()", defaultTtlDays);
    }

    public String materializedView() {
        return storage().table() + "_mv";
    }

    public String qualifiedView() {
        return source.database() + "." + view();
    }

    private String base() {
        return source.table().replaceFirst("_1m$", "");
    }

    /** A column kept as a max state rather than summed. */
    public static boolean isMax(ColumnSpec c) {
        return c.name().endsWith("_max") || c.name().equals("flow_load");
    }

    /** A metric column (counters and maxima), as opposed to the tag columns and time/period. */
    public static boolean isMetric(ColumnSpec c) {
        return isMax(c) || c.type().modern().equals("UInt64");
    }

    /** Sorting key: the source's (the sparse index users filter on), then every other tag column, then period. */
    public List<String> sortingKey(List<ColumnSpec> columns) {
        List<String> key = new ArrayList<>(source.orderBy());
        for (ColumnSpec c : columns) {
            if (!isMetric(c) && !key.contains(c.name()) && !c.name().equals("period")) {
                key.add(c.name());
            }
        }
        key.add("period");
        return key;
    }
}
