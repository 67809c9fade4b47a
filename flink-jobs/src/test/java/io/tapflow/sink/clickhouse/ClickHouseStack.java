package io.tapflow.sink.clickhouse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The local stack's ClickHouse (http://127.0.0.1:$TAPFLOW_CLICKHOUSE_HTTP_PORT, default 18123),
 * queried over plain HTTP, independently of the code under test. Each test gets its own database
 * and meta database, dropped by {@link #close()}.
 */
final class ClickHouseStack implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String database;
    final String metaDatabase;

    private ClickHouseStack(String database) {
        this.database = database;
        this.metaDatabase = database + "_meta";
    }

    static String endpoint() {
        String port = System.getenv("TAPFLOW_CLICKHOUSE_HTTP_PORT");
        return "http://127.0.0.1:" + (port == null || port.isBlank() ? "18123" : port.trim());
    }

    /** Creates a database with a unique name. */
    static ClickHouseStack withFreshDatabase() throws IOException, InterruptedException {
        ClickHouseStack s = new ClickHouseStack("sinktest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        exec("CREATE DATABASE " + s.database);
        return s;
    }

    /** A config for a table of this test's database, with its own meta database and small, quick settings. */
    ClickHouseSinkConfig.Builder config(String table) {
        return ClickHouseSinkConfig.builder()
                .endpoint(endpoint())
                .table(database, table)
                .metaDatabase(metaDatabase)
                .batchRows(100)
                .maxBufferedRows(1_000)
                .flushInterval(Duration.ofMillis(50))
                .maxRetries(3)
                .backoffInitial(Duration.ofMillis(20))
                .backoffMax(Duration.ofMillis(100))
                .requestTimeout(Duration.ofSeconds(20));
    }

    static void exec(String sql) throws IOException, InterruptedException {
        post(sql, "");
    }

    /** A statement with server settings as URL parameters, e.g. {@code "allow_experimental_low_cardinality_type=1"}. */
    static void exec(String sql, String settings) throws IOException, InterruptedException {
        post(sql, settings);
    }

    /** Rows of a SELECT (no FORMAT clause) as TabSeparated lines; 18.16 needs an explicit format. */
    static List<String> rows(String select) throws IOException, InterruptedException {
        String body = post(select + " FORMAT TabSeparated", "");
        return body.isEmpty() ? List.of() : List.of(body.split("\n"));
    }

    static String scalar(String select) throws IOException, InterruptedException {
        List<String> r = rows(select);
        if (r.size() != 1) {
            throw new AssertionError("expected one row from " + select + ", got " + r);
        }
        return r.get(0);
    }

    static long count(String select) throws IOException, InterruptedException {
        return Long.parseLong(scalar(select));
    }

    private static String post(String sql, String settings) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint() + "/?" + settings))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IOException("ClickHouse " + r.statusCode() + " for " + sql + ": " + r.body());
        }
        return r.body();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        exec("DROP DATABASE IF EXISTS " + metaDatabase); // views first: they point at the test database
        exec("DROP DATABASE IF EXISTS " + database);
    }
}
