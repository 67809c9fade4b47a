package io.tapflow.tools.schema;

import io.tapflow.schema.clickhouse.ClickHouseColumns;
import io.tapflow.schema.codec.SchemaCatalog;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds whole days of the 1 h / 1 d rollups from the 1-minute tables: per rollup and day, drops
 * the storage's daily partition and inserts the materialized view's SELECT over that day's 1-minute
 * rows. Idempotent (a day is replaced, never added to).
 *
 * <p>For: backfilling rollups created over existing data; repair; and ClickHouse 18.16, where a
 * materialized view does not fire for rows that another materialized view writes, which is how the
 * exactly-once ClickHouse sink writes the 1-minute tables (current servers cascade). Rebuild only
 * days no longer written while the rollup views are being fed, or rows arriving during the rebuild
 * are counted twice.
 */
public final class RollupRebuild {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final ClickHouseHttp clickhouse;
    private final RenderOptions options;
    private final SchemaCatalog catalog;
    private final PrintStream log;

    public RollupRebuild(ClickHouseHttp clickhouse, RenderOptions options, SchemaCatalog catalog, PrintStream log) {
        if (options.target() == RenderTarget.CLUSTER) {
            throw new IllegalArgumentException("rollup rebuild runs on single servers; on a cluster run it on every node (--target modern)");
        }
        this.clickhouse = clickhouse;
        this.options = options;
        this.catalog = catalog;
        this.log = log;
    }

    /** Rebuilds every rollup for the days from {@code first} to {@code last} (UTC), both included; returns the statements run. */
    public List<String> rebuild(LocalDate first, LocalDate last) {
        RollupRenderer renderer = new RollupRenderer(options);
        List<String> run = new ArrayList<>();
        for (RollupSpec r : Tables.rollups()) {
            var versions = catalog.released(r.source().schema());
            var columns = ClickHouseColumns.of(versions.get(versions.size() - 1));
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                String day = d.format(DAY);
                String drop = "ALTER TABLE " + options.qualified(r.storage()) + " DROP PARTITION " + day;
                String insert = "INSERT INTO " + options.qualified(r.storage()) + "\n" + renderer.select(r, columns, "toYYYYMMDD(time) = " + day);
                clickhouse.execute(drop);
                clickhouse.execute(insert);
                run.add(drop);
                run.add(insert);
                log.println("rebuilt " + r.qualifiedView() + " for " + d);
            }
        }
        return run;
    }
}
