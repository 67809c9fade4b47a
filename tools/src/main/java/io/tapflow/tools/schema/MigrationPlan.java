package io.tapflow.tools.schema;

import io.tapflow.schema.clickhouse.ClickHouseColumns;
import io.tapflow.schema.clickhouse.ColumnSpec;
import io.tapflow.schema.codec.SchemaCatalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * All migrations, generated from the released schema versions so the tables follow the Kafka
 * records without hand-written DDL: {@code <table>@v1} creates the table with the columns of
 * released v1; {@code <table>@vN} adds the columns vN added, each after its predecessor field. A
 * field removed from a schema keeps its column (old rows keep their data; new rows get the
 * column's default). Changing a column's type or the sorting key is not automated: write a
 * dedicated migration.
 */
public final class MigrationPlan {

    public static final String META_DATABASE = "tapflow_meta";
    public static final String META_TABLE = "schema_migrations";

    private final SchemaCatalog catalog;
    private final DdlRenderer renderer;

    public MigrationPlan(SchemaCatalog catalog, DdlRenderer renderer) {
        this.catalog = catalog;
        this.renderer = renderer;
    }

    public DdlRenderer renderer() {
        return renderer;
    }

    /** Every migration for every managed table, in the order they must run. */
    public List<Migration> migrations() {
        List<Migration> out = new ArrayList<>();
        for (TableSpec spec : Tables.all()) {
            out.addAll(migrationsOf(spec));
        }
        for (RollupSpec rollup : Tables.rollups()) {
            out.addAll(migrationsOf(rollup));
        }
        return out;
    }

    /** {@code <db>.<view>@vN}: v1 creates the rollup, later versions add their columns and recreate its views. */
    private List<Migration> migrationsOf(RollupSpec rollup) {
        RollupRenderer rollups = new RollupRenderer(renderer.options());
        List<Schema> versions = catalog.released(rollup.source().schema());
        List<Migration> out = new ArrayList<>();
        List<ColumnSpec> previous = null;
        for (int i = 0; i < versions.size(); i++) {
            int version = i + 1;
            List<ColumnSpec> columns = ClickHouseColumns.of(versions.get(i));
            String id = rollup.qualifiedView() + "@v" + version;
            if (previous == null) {
                out.add(new Migration(id, version, "create the " + rollup.suffix() + " rollup of " + rollup.source().qualifiedName()
                        + " (" + rollup.source().schema().recordName() + " v1)", rollups.create(rollup, columns)));
            } else {
                Set<String> existing = new LinkedHashSet<>();
                previous.forEach(c -> existing.add(c.name()));
                List<ColumnSpec> added = new ArrayList<>();
                List<String> predecessors = new ArrayList<>();
                String predecessor = columns.get(0).name();
                for (ColumnSpec c : columns) {
                    if (!existing.contains(c.name())) {
                        added.add(c);
                        predecessors.add(predecessor);
                    }
                    predecessor = c.name();
                }
                out.add(new Migration(id, version, "add the columns of " + rollup.source().schema().recordName() + " v" + version
                        + " to the " + rollup.suffix() + " rollup", rollups.addColumns(rollup, added, predecessors, columns)));
            }
            previous = columns;
        }
        return out;
    }

    private List<Migration> migrationsOf(TableSpec spec) {
        List<Schema> versions = catalog.released(spec.schema());
        if (versions.isEmpty()) {
            throw new IllegalStateException(spec.schema() + " has never been released: see docs/schemas.md");
        }
        List<Migration> out = new ArrayList<>();
        List<ColumnSpec> previous = null;
        for (int i = 0; i < versions.size(); i++) {
            int version = i + 1;
            List<ColumnSpec> columns = ClickHouseColumns.of(versions.get(i));
            String id = spec.qualifiedName() + "@v" + version;
            if (previous == null) {
                List<Step> steps = new ArrayList<>();
                steps.add(new Step.Statement(renderer.createDatabase(spec.database())));
                steps.addAll(renderer.createTable(spec, columns));
                out.add(new Migration(id, version, "create " + spec.qualifiedName() + " (" + spec.schema().recordName() + " v1)", steps));
            } else {
                out.add(new Migration(id, version, "add the columns of " + spec.schema().recordName() + " v" + version,
                        addedColumns(spec, previous, columns)));
            }
            previous = columns;
        }
        return out;
    }

    private List<Step> addedColumns(TableSpec spec, List<ColumnSpec> before, List<ColumnSpec> after) {
        Set<String> existing = new LinkedHashSet<>();
        before.forEach(c -> existing.add(c.name()));
        List<Step> steps = new ArrayList<>();
        String predecessor = after.get(0).name();
        for (ColumnSpec c : after) {
            if (!existing.contains(c.name())) {
                steps.addAll(renderer.addColumn(spec, c, predecessor));
                existing.add(c.name());
            }
            predecessor = c.name();
        }
        return steps;
    }

    /** The whole DDL as a script: bookkeeping table, then every migration's statements. */
    public String script() {
        StringBuilder sb = new StringBuilder();
        sb.append("-- tapflow ClickHouse schema, ").append(renderer.options().target()).append(" rendering.\n")
                .append("-- Generated from the released .avsc files by io.tapflow.tools.schema.SchemaManager: do not edit;\n")
                .append("-- regenerate with `./tapflow schema print --target ").append(renderer.options().target().name().toLowerCase())
                .append("` (docs/schemas.md).\n\n");
        for (String s : renderer.metaTable()) {
            sb.append(s).append(";\n\n");
        }
        for (Migration m : migrations()) {
            sb.append("-- migration ").append(m.id()).append(": ").append(m.description()).append('\n');
            for (Step s : m.steps()) {
                sb.append(s.sql()).append(";\n\n");
            }
        }
        return sb.toString();
    }
}
