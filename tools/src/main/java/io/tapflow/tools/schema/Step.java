package io.tapflow.tools.schema;

/** One statement of a migration; each is idempotent on its own, so a half-applied migration can be re-run. */
public sealed interface Step {

    /** The SQL as printed and (except for guarded steps) executed. */
    String sql();

    /** A statement that is idempotent by itself (CREATE ... IF NOT EXISTS). */
    record Statement(String sql) implements Step {
    }

    /**
     * ADD COLUMN, skipped when the column exists: ClickHouse 18.16 has no ADD COLUMN IF NOT EXISTS,
     * so the runner checks system.columns first on every server kind.
     */
    record AddColumn(String database, String table, String column, String sql) implements Step {
    }
}
