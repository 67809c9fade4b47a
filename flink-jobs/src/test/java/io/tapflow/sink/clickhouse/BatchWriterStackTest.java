package io.tapflow.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The core writer against the real server: batching, permanent and transient failures. */
@Tag("stack")
class BatchWriterStackTest {
    private static final JsonRowWriter.Key X = JsonRowWriter.Key.of("x");
    private static final JsonRowWriter.Key S = JsonRowWriter.Key.of("s");

    private ClickHouseStack ch;
    private String table;

    @BeforeEach
    void createTable() throws Exception {
        ch = ClickHouseStack.withFreshDatabase();
        table = ch.database + ".t";
        ClickHouseStack.exec("CREATE TABLE " + table + " (x UInt32, s String) ENGINE = MergeTree ORDER BY x");
    }

    @AfterEach
    void drop() throws Exception {
        ch.close();
    }

    private record Run(BatchWriter writer, SinkMetrics.Writer metrics, ClickHouseConnection connection) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            writer.close();
            connection.close();
        }
    }

    private Run writer(ClickHouseSinkConfig config) {
        ClickHouseConnection conn = ClickHouseConnection.open(config);
        SinkMetrics.Writer metrics = SinkMetrics.Writer.unregistered();
        String target = Sql.id(config.database(), config.table());
        BatchWriter w = new BatchWriter("test", config.batchRows(), config.batchBytes(), config.maxBufferedRows(),
                config.retryPolicy(), (batch, seq) -> conn.insert(target, batch, Map.of()), metrics);
        return new Run(w, metrics, conn);
    }

    private static void write(BatchWriter w, int from, int to, String s) throws Exception {
        for (int i = from; i < to; i++) {
            w.beginRow().key(X).longValue(i).key(S).stringValue(s);
            w.endRow();
        }
    }

    @Test
    void rowsAreSentInBatchesOfTheConfiguredSizeAndFlushSendsTheRest() throws Exception {
        try (Run r = writer(ch.config("t").batchRows(100).build())) {
            write(r.writer, 0, 1050, "v");
            r.writer.flush();
            assertThat(ClickHouseStack.count("SELECT count() FROM " + table)).isEqualTo(1050);
            assertThat(ClickHouseStack.count("SELECT uniqExact(x) FROM " + table)).isEqualTo(1050);
            assertThat(r.metrics.batches.getCount()).isEqualTo(11);
            assertThat(r.metrics.rowsWritten.getCount()).isEqualTo(1050);
            assertThat(r.metrics.retries.getCount()).isZero();
            assertThat(r.writer.bufferedRows()).isZero();
        }
    }

    @Test
    void aBatchIsAlsoSentWhenItReachesTheByteLimit() throws Exception {
        String big = "y".repeat(500);
        try (Run r = writer(ch.config("t").batchRows(1000).batchBytes(2048).build())) {
            write(r.writer, 0, 20, big); // ~520 bytes a row: 4 rows a batch
            r.writer.flush();
            assertThat(ClickHouseStack.count("SELECT count() FROM " + table)).isEqualTo(20);
            assertThat(r.metrics.batches.getCount()).isEqualTo(5);
        }
    }

    @Test
    void aTypeMismatchFailsAtOnceWithTheServersMessageAndStopsTheWriter() throws Exception {
        try (Run r = writer(ch.config("t").maxRetries(5).build())) {
            r.writer.beginRow().key(X).stringValue("not a number");
            r.writer.endRow();
            assertThatThrownBy(r.writer::flush)
                    .isInstanceOf(ClickHouseSinkException.class)
                    .hasMessageContaining("permanent error (not retried)")
                    .hasMessageContaining("Code: 27")
                    .hasMessageContaining("Cannot parse input");
            assertThat(r.metrics.retries.getCount()).isZero();
            assertThat(r.metrics.failures.getCount()).isEqualTo(1);
            assertThat(r.metrics.rowsFailed.getCount()).isEqualTo(1);
            assertThatThrownBy(r.writer::beginRow).isInstanceOf(ClickHouseSinkException.class);
        }
    }

    @Test
    void anUnknownColumnFailsAtOnceWithTheServersMessage() throws Exception {
        try (Run r = writer(ch.config("t").build())) {
            r.writer.beginRow().key(JsonRowWriter.Key.of("nope")).longValue(1);
            r.writer.endRow();
            assertThatThrownBy(r.writer::flush).hasMessageContaining("Unknown field found while parsing JSONEachRow format: nope");
        }
    }

    @Test
    void connectionRefusedIsRetriedWithBackoffThenFailsTheWriter() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        try (Run r = writer(ch.config("t").endpoint("http://127.0.0.1:" + port).maxRetries(2).build())) {
            write(r.writer, 0, 10, "v");
            assertThatThrownBy(r.writer::flush)
                    .isInstanceOf(ClickHouseSinkException.class)
                    .hasMessageContaining("failed after 3 attempts")
                    .hasMessageContaining("Connection refused");
            assertThat(r.metrics.retries.getCount()).isEqualTo(2);
            assertThat(r.metrics.failures.getCount()).isEqualTo(1);
        }
    }

    @Test
    void serviceUnavailableIsRetriedUntilTheServerTakesTheBatchOnce() throws Exception {
        // Apache HttpClient inside client-v2 re-sends a request answered 503 once by itself (after
        // 1 s), so 3 failures take 1 or 2 of the sink's retries. Its re-send once carried an empty
        // body, which the server took as an insert of no rows: every body must be whole.
        try (FlakyProxy proxy = new FlakyProxy(ClickHouseStack.endpoint(), 3);
                Run r = writer(ch.config("t").endpoint(proxy.endpoint()).batchRows(500).build())) {
            write(r.writer, 0, 500, "v");
            r.writer.flush();
            assertThat(proxy.requests).hasValue(4);
            assertThat(proxy.emptyBodies).hasValue(0);
            assertThat(r.metrics.retries.getCount()).isBetween(1L, 2L);
            assertThat(r.metrics.failures.getCount()).isZero();
            assertThat(ClickHouseStack.count("SELECT count() FROM " + table)).isEqualTo(500);
        }
    }

    @Test
    void describingAMissingTableSaysSo() {
        try (ClickHouseConnection conn = ClickHouseConnection.open(ch.config("t").build())) {
            assertThatThrownBy(() -> conn.describe(ch.database, "missing"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("table " + ch.database + ".missing does not exist");
        }
    }
}
