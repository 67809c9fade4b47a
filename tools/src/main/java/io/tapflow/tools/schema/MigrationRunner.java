package io.tapflow.tools.schema;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies pending migrations to a server and records each in tapflow_meta.schema_migrations.
 * Idempotent: applied ids are skipped, and every statement is safe to repeat, so a run that died
 * half-way is finished by the next one.
 */
public final class MigrationRunner {

    private final ClickHouseHttp clickhouse;
    private final MigrationPlan plan;
    private final PrintStream log;

    public MigrationRunner(ClickHouseHttp clickhouse, MigrationPlan plan, PrintStream log) {
        this.clickhouse = clickhouse;
        this.plan = plan;
        this.log = log;
    }

    /** Outcome of a run: ids applied now, ids already there, applied ids whose statements have changed since. */
    public record Result(List<String> applied, List<String> alreadyApplied, List<String> checksumChanged) {
    }

    public Result apply() {
        for (String sql : plan.renderer().metaTable()) {
            clickhouse.execute(sql);
        }
        Map<String, String> done = appliedChecksums();
        List<String> applied = new java.util.ArrayList<>();
        List<String> skipped = new java.util.ArrayList<>();
        List<String> changed = new java.util.ArrayList<>();
        for (Migration m : plan.migrations()) {
            String previous = done.get(m.id());
            if (previous != null) {
                skipped.add(m.id());
                if (!previous.equals(m.checksum())) {
                    changed.add(m.id());
                    log.println("warning: " + m.id() + " was applied with other statements (checksum " + previous
                            + ", now " + m.checksum() + "); released schemas and table specs must not change after release");
                }
                continue;
            }
            log.println("applying " + m.id() + ": " + m.description());
            for (Step step : m.steps()) {
                run(step);
            }
            record(m);
            applied.add(m.id());
        }
        return new Result(applied, skipped, changed);
    }

    /** Migration id → checksum of what was applied; empty on a server the manager never touched. */
    public Map<String, String> appliedChecksums() {
        Map<String, String> out = new HashMap<>();
        RenderOptions o = plan.renderer().options();
        List<String[]> meta = clickhouse.rows("SELECT count() FROM system.tables WHERE database = "
                + DdlRenderer.quote(o.database(MigrationPlan.META_DATABASE)) + " AND name = " + DdlRenderer.quote(MigrationPlan.META_TABLE));
        if (meta.isEmpty() || meta.get(0)[0].equals("0")) {
            return out;
        }
        for (String[] row : clickhouse.rows("SELECT id, checksum FROM " + plan.renderer().options().metaTable())) {
            out.put(row[0], row[1]);
        }
        return out;
    }

    private void run(Step step) {
        if (step instanceof Step.AddColumn add && columnExists(add)) {
            return;
        }
        clickhouse.execute(step.sql());
    }

    private boolean columnExists(Step.AddColumn add) {
        List<String[]> rows = clickhouse.rows("SELECT count() FROM system.columns WHERE database = " + DdlRenderer.quote(add.database())
                + " AND table = " + DdlRenderer.quote(add.table()) + " AND name = " + DdlRenderer.quote(add.column()));
        return !rows.isEmpty() && !rows.get(0)[0].equals("0");
    }

    private void record(Migration m) {
        clickhouse.execute("INSERT INTO " + plan.renderer().options().metaTable()
                + " (id, schema_version, target, checksum, applied_at) VALUES ("
                + DdlRenderer.quote(m.id()) + ", " + m.schemaVersion() + ", " + DdlRenderer.quote(plan.renderer().options().target().name())
                + ", " + DdlRenderer.quote(m.checksum()) + ", now())");
    }
}
