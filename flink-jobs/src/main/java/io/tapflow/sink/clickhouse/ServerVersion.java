package io.tapflow.sink.clickhouse;

/** The server's version ({@code SELECT version()}) and the features the sink adapts to. */
record ServerVersion(int major, int minor, String text) {

    static ServerVersion parse(String version) {
        String[] parts = version.trim().split("\\.");
        try {
            return new ServerVersion(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0,
                    version.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unrecognised ClickHouse version: " + version, e);
        }
    }

    boolean atLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    /** The {@code insert_deduplication_token} setting exists (22.2+); 18.16 rejects it as unknown. */
    boolean hasInsertDeduplicationToken() {
        return atLeast(22, 2);
    }

    /** LowCardinality columns need allow_experimental_low_cardinality_type=1 in DDL before 19.0. */
    boolean lowCardinalityIsExperimental() {
        return !atLeast(19, 0);
    }

    /**
     * 18.16 fills neither DEFAULT nor MATERIALIZED columns of a materialized view's TO table: the
     * view must produce every stored column, with the exact type. Modern servers compute them and
     * refuse a view that produces a MATERIALIZED column. Checked on 18.16 and 26.7; the cut at 19.0
     * is an assumption for the versions in between (a wrong guess fails at job start, loudly).
     */
    boolean viewsMustProduceMaterializedColumns() {
        return !atLeast(19, 0);
    }

    @Override
    public String toString() {
        return text;
    }
}
