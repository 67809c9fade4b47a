package io.tapflow.metrics;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The local ClickHouse (TAPFLOW_CLICKHOUSE_HTTP_PORT, default 18123) with tapflow's schema under a
 * throw-away database prefix: the committed sql/generated script of the server's rendering (legacy
 * for 18.16, modern from 21.8), so tests get the tables, rollups and views users get.
 */
final class LocalClickHouse implements AutoCloseable {
    static final int PORT = Integer.parseInt(System.getenv().getOrDefault("TAPFLOW_CLICKHOUSE_HTTP_PORT", "18123"));

    final String prefix = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
    final String version;
    /** ClickHouse before 21.8 (18.16 here): the legacy rendering. */
    final boolean legacy;
    private final HttpClient http = HttpClient.newHttpClient();

    LocalClickHouse() throws Exception {
        version = query("SELECT version() FORMAT TabSeparated").strip();
        String[] v = version.split("\\.");
        legacy = Integer.parseInt(v[0]) < 21 || Integer.parseInt(v[0]) == 21 && Integer.parseInt(v[1]) < 8;
        for (String statement : ExampleData.statements(ExampleData.REPO.resolve("sql/generated").resolve(legacy ? "legacy.sql" : "modern.sql"))) {
            query(ExampleData.prefixed(statement, prefix));
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + PORT;
    }

    /** Runs a statement; a SELECT must name its output format (18.16 answers nothing otherwise). */
    String query(String sql) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(endpoint() + "/")).POST(HttpRequest.BodyPublishers.ofString(sql)), sql);
    }

    QueryResult select(String sql) throws Exception {
        return QueryResult.parse(query(sql + "\nFORMAT TabSeparatedWithNames"));
    }

    void insert(String table, ExampleData.Rows rows) throws Exception {
        String sql = "INSERT INTO " + prefix + table + " (" + rows.columns() + ") FORMAT RowBinary";
        send(HttpRequest.newBuilder(URI.create(endpoint() + "/?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(rows.data())), sql);
    }

    private String send(HttpRequest.Builder request, String sql) throws Exception {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("ClickHouse rejected " + sql + "\n" + r.body());
        }
        return r.body();
    }

    @Override
    public void close() throws Exception {
        for (String db : List.of("flow_log", "flow_metrics", "tapflow_meta")) {
            query("DROP DATABASE IF EXISTS " + prefix + db);
        }
    }
}
