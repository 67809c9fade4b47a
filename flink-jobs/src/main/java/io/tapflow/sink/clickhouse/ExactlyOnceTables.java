package io.tapflow.sink.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The exactly-once protocol's objects in the meta database and its statements. It needs no
 * insert deduplication from the server (18.16 has none for non-replicated MergeTree, and no
 * insert_deduplication_token):
 *
 * <ol>
 *   <li><b>Stage.</b> Writers insert batches into {@code <sink>_<gen>_stage}: the target's columns
 *       plus {@code _tapflow_subtask}, {@code _tapflow_epoch} (the partition key),
 *       {@code _tapflow_attempt} (random per writer instance) and {@code _tapflow_row} (0, 1, ...
 *       within the epoch). A retried batch may land twice; its rows keep their ids.</li>
 *   <li><b>Commit</b> (after the checkpoint completes), one statement:
 *       {@code INSERT INTO <sink>_<gen>_apply SELECT *, '<commit id>' FROM stage WHERE <partition and
 *       attempt> AND (commit id not in the log) LIMIT 1 BY _tapflow_row}. The apply table is a
 *       Null table with two materialized views, run one after the other inside that statement:
 *       {@code _1_rows} writes the rows to the target, {@code _2_log} writes (commit id, row count)
 *       to {@code sink_commits}. Rows and their commit record thus appear together, and a replay
 *       of the commit finds the record and inserts nothing. The statement runs under the query id
 *       {@code tapflow-commit-<commit id>}, so a replay cannot overlap a copy still running on the
 *       server for a writer that died (the server refuses the second with code 216, which is
 *       retried).</li>
 *   <li><b>Check and clean.</b> The log must then hold exactly the staged row count (else the job
 *       fails, loudly); the staging partition is dropped.</li>
 *   <li><b>Restore.</b> A writer restored from checkpoint k drops the staging partitions of epochs
 *       >= k of its subtask slot: rows of a failed attempt that no completed checkpoint covers.</li>
 * </ol>
 *
 * <p>{@code <gen>} is a hash of the target's columns: after a schema change the sink creates new
 * objects, while committables restored from before the change still name their own.
 */
final class ExactlyOnceTables {
    static final String SUBTASK = "_tapflow_subtask";
    static final String EPOCH = "_tapflow_epoch";
    static final String ATTEMPT = "_tapflow_attempt";
    static final String ROW = "_tapflow_row";
    static final String COMMIT = "_tapflow_commit";
    static final String COMMIT_LOG = "sink_commits";

    private final String sinkId;
    private final String meta;
    private final String stage;
    private final String apply;

    private ExactlyOnceTables(String sinkId, String meta, String stage, String apply) {
        this.sinkId = sinkId;
        this.meta = meta;
        this.stage = stage;
        this.apply = apply;
    }

    /** Creates the meta database, the commit log and this target's staging objects where missing. */
    static ExactlyOnceTables create(ClickHouseConnection conn, ClickHouseSinkConfig config, TableColumns target,
            ServerVersion server) throws Exception {
        List<TableColumns.Column> stored = target.columns().stream().filter(TableColumns.Column::insertable).toList();
        String gen = generation(target, server);
        String base = config.sinkId() + "_" + gen;
        ExactlyOnceTables t = new ExactlyOnceTables(config.sinkId(), config.metaDatabase(), base + "_stage", base + "_apply");
        Map<String, String> ddl = server.lowCardinalityIsExperimental()
                && stored.stream().anyMatch(c -> c.type().mentions("LowCardinality"))
                ? Map.of("allow_experimental_low_cardinality_type", "1") : Map.of();
        String meta = Sql.id(t.meta);

        create(conn, "CREATE DATABASE IF NOT EXISTS " + meta, Map.of());
        create(conn, "CREATE TABLE IF NOT EXISTS " + Sql.id(t.meta, COMMIT_LOG)
                + " (sink_id String, commit_id String, rows UInt64, committed_at DateTime)"
                + " ENGINE = MergeTree PARTITION BY toYYYYMM(committed_at) ORDER BY (sink_id, commit_id)", Map.of());
        create(conn, "CREATE TABLE IF NOT EXISTS " + Sql.id(t.meta, t.stage) + " (" + Sql.id(SUBTASK) + " UInt32, "
                + Sql.id(EPOCH) + " UInt64, " + Sql.id(ATTEMPT) + " UInt64, " + Sql.id(ROW) + " UInt32, "
                + stored.stream().map(c -> Sql.id(c.name()) + " " + c.type().text()
                        + (c.defaultKind() == TableColumns.DefaultKind.DEFAULT ? " DEFAULT " + c.defaultExpression() : ""))
                        .collect(Collectors.joining(", "))
                + ") ENGINE = MergeTree PARTITION BY (" + Sql.id(SUBTASK) + ", " + Sql.id(EPOCH) + ") ORDER BY tuple()", ddl);
        create(conn, "CREATE TABLE IF NOT EXISTS " + Sql.id(t.meta, t.apply) + " (" + Sql.id(SUBTASK) + " UInt32, "
                + Sql.id(EPOCH) + " UInt64, " + Sql.id(ATTEMPT) + " UInt64, " + Sql.id(ROW) + " UInt32, "
                + stored.stream().map(c -> Sql.id(c.name()) + " " + c.type().text()).collect(Collectors.joining(", "))
                + ", " + Sql.id(COMMIT) + " String) ENGINE = Null", ddl);
        // The views run in name order (18.16 keeps a table's views in a sorted set): rows first,
        // then the record, so a server crash between the two can only leave rows without record.
        create(conn, "CREATE MATERIALIZED VIEW IF NOT EXISTS " + Sql.id(t.meta, t.apply + "_1_rows")
                + " TO " + Sql.id(target.database(), target.table()) + " AS SELECT "
                + rowsViewColumns(target, server) + " FROM " + Sql.id(t.meta, t.apply), ddl);
        create(conn, "CREATE MATERIALIZED VIEW IF NOT EXISTS " + Sql.id(t.meta, t.apply + "_2_log")
                + " TO " + Sql.id(t.meta, COMMIT_LOG) + " AS SELECT " + Sql.str(t.sinkId) + " AS sink_id, "
                + Sql.id(COMMIT) + " AS commit_id, count() AS rows, now() AS committed_at FROM "
                + Sql.id(t.meta, t.apply) + " GROUP BY " + Sql.id(COMMIT), ddl);
        return t;
    }

    /** What the rows view produces for the target: every stored column; 18.16 also needs the MATERIALIZED ones. */
    private static String rowsViewColumns(TableColumns target, ServerVersion server) {
        List<String> out = new ArrayList<>();
        for (TableColumns.Column c : target.columns()) {
            if (c.insertable()) {
                out.add(Sql.id(c.name()));
            } else if (c.defaultKind() == TableColumns.DefaultKind.MATERIALIZED && server.viewsMustProduceMaterializedColumns()) {
                out.add("CAST((" + c.defaultExpression() + ") AS " + c.type().text() + ") AS " + Sql.id(c.name()));
            }
        }
        return String.join(", ", out);
    }

    private static String generation(TableColumns target, ServerVersion server) {
        StringBuilder s = new StringBuilder(target.qualifiedName()).append('|').append(server.viewsMustProduceMaterializedColumns());
        for (TableColumns.Column c : target.columns()) {
            s.append('|').append(c.name()).append(' ').append(c.type().text()).append(' ')
                    .append(c.defaultKind()).append(' ').append(c.defaultExpression());
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CREATE ... IF NOT EXISTS, tolerating the race of two subtasks creating the same object on 18.16. */
    private static void create(ClickHouseConnection conn, String ddl, Map<String, String> settings) throws Exception {
        try {
            conn.execute(ddl, null, settings);
        } catch (Exception e) {
            int code = ClickHouseErrors.serverCode(e);
            if (code != ClickHouseErrors.TABLE_ALREADY_EXISTS && code != ClickHouseErrors.DATABASE_ALREADY_EXISTS) {
                throw e;
            }
        }
    }

    /** The staging table, quoted, for inserts. */
    String stageTable() {
        return Sql.id(meta, stage);
    }

    StagedEpoch epoch(int subtask, long epoch, long attempt, long rows, String commitId) {
        return new StagedEpoch(sinkId, meta, stage, apply, subtask, epoch, attempt, rows, commitId);
    }

    /**
     * Drops staged rows that no completed checkpoint covers, for a writer restored from checkpoint
     * {@code fromEpoch} (0 when started fresh): epochs >= fromEpoch of every old subtask that maps
     * to this one (old index mod current parallelism, so a rescaled job cleans up too).
     */
    void dropUncommitted(ClickHouseConnection conn, int subtask, int parallelism, long fromEpoch) throws Exception {
        for (JsonNode p : conn.query("SELECT DISTINCT " + Sql.id(SUBTASK) + " AS s, " + Sql.id(EPOCH) + " AS e FROM "
                + Sql.id(meta, stage) + " WHERE " + Sql.id(EPOCH) + " >= " + fromEpoch
                + " AND " + Sql.id(SUBTASK) + " % " + parallelism + " = " + subtask)) {
            dropPartition(conn, meta, stage, p.get("s").asLong(), p.get("e").asLong());
        }
    }

    /** What a commit found. */
    enum Outcome { APPLIED, ALREADY_APPLIED }

    /** Applies a staged epoch to the target, once; safe to repeat (see the class comment). */
    static Outcome commit(ClickHouseConnection conn, StagedEpoch e) throws Exception {
        long logged = loggedRows(conn, e);
        Outcome outcome = Outcome.ALREADY_APPLIED;
        if (logged == 0) {
            conn.execute("INSERT INTO " + Sql.id(e.metaDatabase(), e.applyTable()) + " SELECT *, " + Sql.str(e.commitId())
                    + " FROM " + Sql.id(e.metaDatabase(), e.stageTable())
                    + " WHERE " + Sql.id(SUBTASK) + " = " + e.subtask() + " AND " + Sql.id(EPOCH) + " = " + e.epoch()
                    + " AND " + Sql.id(ATTEMPT) + " = " + Long.toUnsignedString(e.attempt())
                    + " AND (SELECT count() FROM " + Sql.id(e.metaDatabase(), COMMIT_LOG) + " WHERE " + logFilter(e) + ") = 0"
                    + " LIMIT 1 BY " + Sql.id(ROW), "tapflow-commit-" + e.commitId(), Map.of());
            logged = loggedRows(conn, e);
            outcome = Outcome.APPLIED;
        }
        if (logged != e.rows()) {
            throw new ClickHouseSinkException("commit " + e.commitId() + " of " + e.sinkId() + " (subtask " + e.subtask()
                    + ", epoch " + e.epoch() + ") applied " + logged + " rows but " + e.rows() + " were staged in "
                    + e.metaDatabase() + "." + e.stageTable() + ": staged rows were lost, or the server failed in the"
                    + " middle of the commit; not retried, check " + e.metaDatabase() + "." + COMMIT_LOG);
        }
        dropPartition(conn, e.metaDatabase(), e.stageTable(), e.subtask(), e.epoch());
        return outcome;
    }

    private static long loggedRows(ClickHouseConnection conn, StagedEpoch e) throws Exception {
        return conn.query("SELECT sum(rows) AS n FROM " + Sql.id(e.metaDatabase(), COMMIT_LOG) + " WHERE " + logFilter(e))
                .get(0).get("n").asLong();
    }

    private static String logFilter(StagedEpoch e) {
        return "sink_id = " + Sql.str(e.sinkId()) + " AND commit_id = " + Sql.str(e.commitId());
    }

    private static void dropPartition(ClickHouseConnection conn, String meta, String stage, long subtask, long epoch) throws Exception {
        conn.execute("ALTER TABLE " + Sql.id(meta, stage) + " DROP PARTITION (" + subtask + ", " + epoch + ")");
    }
}
