package io.tapflow.tools.schema;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Retention by dropping whole daily partitions, for servers without TTL (18.16) and as a disk
 * watermark on any single node: first every partition older than its table's retention, then,
 * while the managed tables together use more than the byte budget, the oldest remaining day of any
 * table. Today's partitions are never dropped by the watermark.
 */
public final class PartitionRetention {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final ClickHouseHttp clickhouse;
    private final RenderOptions options;
    private final PrintStream log;

    public PartitionRetention(ClickHouseHttp clickhouse, RenderOptions options, PrintStream log) {
        this.clickhouse = clickhouse;
        this.options = options;
        this.log = log;
    }

    /** A daily partition of a managed table. */
    public record Partition(TableSpec table, String id, LocalDate day, long bytes) {
    }

    /**
     * Drops expired partitions, then oldest ones while over {@code maxBytes} (≤ 0 = no budget).
     *
     * @return the partitions dropped (or that would be, when {@code dryRun})
     */
    public List<Partition> enforce(LocalDate today, long maxBytes, boolean dryRun) {
        List<Partition> all = new ArrayList<>();
        for (TableSpec t : Tables.retained()) {
            all.addAll(partitions(t));
        }
        List<Partition> drop = new ArrayList<>();
        for (Partition p : all) {
            if (p.day().isBefore(today.minusDays(options.ttlDays(p.table()) - 1L))) {
                drop.add(p);
            }
        }
        if (maxBytes > 0) {
            long used = all.stream().filter(p -> !drop.contains(p)).mapToLong(Partition::bytes).sum();
            List<Partition> oldestFirst = all.stream().filter(p -> !drop.contains(p) && p.day().isBefore(today))
                    .sorted(Comparator.comparing(Partition::day)).toList();
            for (Partition p : oldestFirst) {
                if (used <= maxBytes) {
                    break;
                }
                drop.add(p);
                used -= p.bytes();
            }
        }
        for (Partition p : drop) {
            log.println((dryRun ? "would drop " : "dropping ") + p.table().qualifiedName() + " partition " + p.id() + " (" + p.bytes() + " bytes)");
            if (!dryRun) {
                clickhouse.execute("ALTER TABLE " + options.qualified(p.table()) + " DROP PARTITION " + p.id());
            }
        }
        return drop;
    }

    private List<Partition> partitions(TableSpec t) {
        List<Partition> out = new ArrayList<>();
        for (String[] row : clickhouse.rows("SELECT partition_id, sum(bytes_on_disk) FROM system.parts WHERE active AND database = "
                + DdlRenderer.quote(options.database(t.database())) + " AND table = " + DdlRenderer.quote(t.table()) + " GROUP BY partition_id ORDER BY partition_id")) {
            if (row[0].matches("\\d{8}")) {
                out.add(new Partition(t, row[0], LocalDate.parse(row[0], DAY), Long.parseLong(row[1])));
            }
        }
        return out;
    }

    static LocalDate todayUtc() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
