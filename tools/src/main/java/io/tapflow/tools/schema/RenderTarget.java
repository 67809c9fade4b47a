package io.tapflow.tools.schema;

/** Which kind of server the DDL is written for. */
public enum RenderTarget {
    /**
     * A single modern server (ClickHouse 21.8 or later; production runs 23.8+): LowCardinality,
     * DateTime64(6), IPv4/IPv6 types, column codecs, TTL with whole-part drops, insert
     * deduplication on plain MergeTree.
     */
    MODERN,
    /**
     * ClickHouse 18.16 (Debian's package, used locally and in CI): plain types with the same
     * RowBinary layout (UInt64 µs, UInt32 IPv4, FixedString(16) IPv6), no codecs, no TTL —
     * retention is done by dropping daily partitions (SchemaManager retention).
     */
    LEGACY,
    /**
     * A modern cluster: ReplicatedMergeTree tables named {@code <table>_local} on every node
     * ({shard}/{replica} macros from the server config) and a Distributed table under the
     * user-facing name, all created ON CLUSTER.
     */
    CLUSTER;

    public boolean modernTypes() {
        return this != LEGACY;
    }
}
