package io.tapflow.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The commit protocol against the real server, step by step, including the replays a restart causes. */
@Tag("stack")
class ExactlyOnceTablesStackTest {
    private static final JsonRowWriter.Key X = JsonRowWriter.Key.of("x");
    private static final JsonRowWriter.Key S = JsonRowWriter.Key.of("s");

    private ClickHouseStack ch;
    private ClickHouseConnection conn;
    private ExactlyOnceTables tables;
    private String target;

    @BeforeEach
    void createTarget() throws Exception {
        ch = ClickHouseStack.withFreshDatabase();
        target = ch.database + ".t";
        // a DEFAULT and a MATERIALIZED column: 18.16's views must produce both
        ClickHouseStack.exec("CREATE TABLE " + target + " (x UInt32, s String, d Date DEFAULT toDate('2024-01-02'),"
                + " m UInt64 MATERIALIZED x * 2) ENGINE = MergeTree ORDER BY x");
        ClickHouseSinkConfig config = ch.config("t").build();
        conn = ClickHouseConnection.open(config);
        tables = ExactlyOnceTables.create(conn, config, conn.describe(ch.database, "t"), conn.serverVersion());
    }

    @AfterEach
    void drop() throws Exception {
        conn.close();
        ch.close();
    }

    /** Stages rows [from, to) of epoch (subtask, epoch) as writer attempt {@code attempt} would. */
    private void stage(int subtask, long epoch, long attempt, int from, int to) throws Exception {
        JsonRowWriter rows = new JsonRowWriter(1024);
        for (int i = from; i < to; i++) {
            rows.beginRow();
            rows.key(JsonRowWriter.Key.of(ExactlyOnceTables.SUBTASK)).longValue(subtask)
                    .key(JsonRowWriter.Key.of(ExactlyOnceTables.EPOCH)).longValue(epoch)
                    .key(JsonRowWriter.Key.of(ExactlyOnceTables.ATTEMPT)).longValue(attempt)
                    .key(JsonRowWriter.Key.of(ExactlyOnceTables.ROW)).longValue(i)
                    .key(X).longValue(epoch * 1000 + i).key(S).stringValue("r" + i);
            rows.endRow();
        }
        conn.insert(tables.stageTable(), rows, Map.of());
    }

    private List<String> stagedPartitions() throws Exception {
        return ClickHouseStack.rows("SELECT DISTINCT " + ExactlyOnceTables.SUBTASK + ", " + ExactlyOnceTables.EPOCH + " FROM "
                + tables.stageTable() + " ORDER BY " + ExactlyOnceTables.SUBTASK + ", " + ExactlyOnceTables.EPOCH);
    }

    @Test
    void aCommitAppliesEachStagedRowOnceHoweverOftenItIsReplayed() throws Exception {
        stage(0, 5, 77, 0, 10);
        stage(0, 5, 77, 5, 10); // a retried batch whose first attempt had landed
        stage(0, 5, 99, 0, 3);  // a zombie from another writer attempt, in the same partition
        StagedEpoch e = tables.epoch(0, 5, 77, 10, "commit-a");

        assertThat(ExactlyOnceTables.commit(conn, e)).isEqualTo(ExactlyOnceTables.Outcome.APPLIED);
        assertThat(ClickHouseStack.rows("SELECT x, s, m FROM " + target + " ORDER BY x")).hasSize(10)
                .startsWith("5000\tr0\t10000").endsWith("5009\tr9\t10018");
        assertThat(ClickHouseStack.scalar("SELECT sum(rows) FROM " + ch.metaDatabase + ".sink_commits WHERE commit_id = 'commit-a'"))
                .isEqualTo("10");
        assertThat(stagedPartitions()).isEmpty();

        // replayed after a restart (the committable is still in the checkpoint), also with rows re-staged
        stage(0, 5, 77, 0, 10);
        assertThat(ExactlyOnceTables.commit(conn, e)).isEqualTo(ExactlyOnceTables.Outcome.ALREADY_APPLIED);
        assertThat(ClickHouseStack.count("SELECT count() FROM " + target)).isEqualTo(10);
        assertThat(stagedPartitions()).isEmpty();

        // an omitted DEFAULT column ends up as a direct insert would leave it (18.16's JSONEachRow
        // gives the type's zero value, newer servers evaluate the expression)
        JsonRowWriter direct = new JsonRowWriter(64);
        direct.beginRow();
        direct.key(X).longValue(1);
        direct.endRow();
        conn.insert(Sql.id(ch.database, "t"), direct, Map.of());
        assertThat(ClickHouseStack.count("SELECT uniqExact(d) FROM " + target)).isEqualTo(1);
    }

    @Test
    void theApplyStatementItselfInsertsNothingWhenTheCommitIsAlreadyLogged() throws Exception {
        // the guard inside the statement covers a replay racing a first apply that has just finished
        stage(1, 8, 5, 0, 4);
        StagedEpoch e = tables.epoch(1, 8, 5, 4, "commit-b");
        ExactlyOnceTables.commit(conn, e);
        stage(1, 8, 5, 0, 4);
        conn.execute("INSERT INTO " + ch.metaDatabase + "." + e.applyTable() + " SELECT *, 'commit-b' FROM " + tables.stageTable()
                + " WHERE (SELECT count() FROM " + ch.metaDatabase + ".sink_commits WHERE sink_id = '" + e.sinkId()
                + "' AND commit_id = 'commit-b') = 0 LIMIT 1 BY " + ExactlyOnceTables.ROW);
        assertThat(ClickHouseStack.count("SELECT count() FROM " + target)).isEqualTo(4);
    }

    @Test
    void lostStagedRowsFailTheCommitLoudly() throws Exception {
        stage(0, 3, 1, 0, 7);
        StagedEpoch e = tables.epoch(0, 3, 1, 10, "commit-c");
        assertThatThrownBy(() -> ExactlyOnceTables.commit(conn, e))
                .isInstanceOf(ClickHouseSinkException.class)
                .hasMessageContaining("applied 7 rows but 10 were staged");
    }

    @Test
    void aRestoredWriterDropsTheEpochsNoCompletedCheckpointCovers() throws Exception {
        stage(0, 3, 1, 0, 2); // epoch 3 ended at checkpoint 4: committable pending in checkpoint 4
        stage(0, 4, 1, 0, 2); // written after checkpoint 4: orphan
        stage(0, 6, 1, 0, 2); // orphan (checkpoint 6 was taken but never completed)
        stage(1, 4, 2, 0, 2); // the other subtask's slot
        stage(2, 5, 3, 0, 2); // subtask 2 of a job that had parallelism 3: slot 0 now
        tables.dropUncommitted(conn, 0, 2, 4);
        assertThat(stagedPartitions()).containsExactly("0\t3", "1\t4");
    }

    @Test
    void lowCardinalityColumnsWorkOn18_16WhereTheyAreExperimental() throws Exception {
        ClickHouseStack.exec("CREATE TABLE " + ch.database + ".lc (x UInt32, s LowCardinality(String)) ENGINE = MergeTree ORDER BY x",
                "allow_experimental_low_cardinality_type=1");
        ClickHouseSinkConfig config = ch.config("lc").build();
        ExactlyOnceTables lc = ExactlyOnceTables.create(conn, config, conn.describe(ch.database, "lc"), conn.serverVersion());
        JsonRowWriter rows = new JsonRowWriter(256);
        for (int i = 0; i < 3; i++) {
            rows.beginRow();
            rows.key(JsonRowWriter.Key.of(ExactlyOnceTables.SUBTASK)).longValue(0)
                    .key(JsonRowWriter.Key.of(ExactlyOnceTables.EPOCH)).longValue(1)
                    .key(JsonRowWriter.Key.of(ExactlyOnceTables.ATTEMPT)).longValue(1)
                    .key(JsonRowWriter.Key.of(ExactlyOnceTables.ROW)).longValue(i)
                    .key(X).longValue(i).key(S).stringValue("agent-" + i % 2);
            rows.endRow();
        }
        conn.insert(lc.stageTable(), rows, Map.of());
        ExactlyOnceTables.commit(conn, lc.epoch(0, 1, 1, 3, "commit-lc"));
        assertThat(ClickHouseStack.rows("SELECT x, s FROM " + ch.database + ".lc ORDER BY x"))
                .containsExactly("0\tagent-0", "1\tagent-1", "2\tagent-0");
    }

    @Test
    void objectsAreCreatedOnceAndSharedBySubtasks() throws Exception {
        ClickHouseSinkConfig config = ch.config("t").build();
        ExactlyOnceTables again = ExactlyOnceTables.create(conn, config, conn.describe(ch.database, "t"), conn.serverVersion());
        assertThat(again.stageTable()).isEqualTo(tables.stageTable());
        assertThat(ClickHouseStack.rows("SELECT name FROM system.tables WHERE database = '" + ch.metaDatabase + "' ORDER BY name"))
                .hasSize(5).contains("sink_commits")
                .anyMatch(n -> n.endsWith("_apply_1_rows")).anyMatch(n -> n.endsWith("_apply_2_log"));
    }
}
