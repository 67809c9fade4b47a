package io.tapflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of sql/examples on real pipeline output (capture-gen's "all" capture through the flow
 * engine and the rollup in a MiniCluster), on the local ClickHouse (18.16 here; tag "stack") and on
 * chDB 26.x, with the answers checked against values computed from the flow logs
 * ({@link ExampleAnswers}). The DDL is the committed sql/generated script of each server's rendering,
 * so the 1 h / 1 d rollups are the materialized views users get.
 */
class MetricsExamplesTest {
    private static final int PORT = Integer.parseInt(System.getenv().getOrDefault("TAPFLOW_CLICKHOUSE_HTTP_PORT", "18123"));

    @TempDir
    static Path dir;
    static PipelineRun run;
    static Map<String, ExampleData.Rows> rows;

    @BeforeAll
    static void replay() throws Exception {
        run = PipelineRun.ofScenario("all", dir, 2);
        rows = ExampleData.rows(run);
    }

    @Test
    @Tag("stack")
    void everyExampleAnswersCorrectlyOnTheLocalServer() throws Exception {
        String prefix = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
        HttpClient http = HttpClient.newHttpClient();
        try {
            String version = query(http, "SELECT version() FORMAT TabSeparated", null).strip();
            boolean legacy = Integer.parseInt(version.split("\\.")[0]) < 21 || version.startsWith("21.") && Integer.parseInt(version.split("\\.")[1]) < 8;
            Path ddl = ExampleData.REPO.resolve("sql").resolve("generated").resolve(legacy ? "legacy.sql" : "modern.sql");
            for (String statement : ExampleData.statements(ddl)) {
                query(http, ExampleData.prefixed(statement, prefix), null);
            }
            for (var e : rows.entrySet()) {
                query(http, "INSERT INTO " + prefix + e.getKey() + " (" + e.getValue().columns() + ") FORMAT RowBinary", e.getValue().data());
                assertThat(query(http, "SELECT count() FROM " + prefix + e.getKey() + " FORMAT TabSeparated", null).strip())
                        .as("rows in %s", e.getKey()).isEqualTo(Integer.toString(e.getValue().count()));
            }
            ExampleAnswers answers = new ExampleAnswers(run);
            List<Path> examples = ExampleData.examples();
            assertThat(examples).hasSizeGreaterThanOrEqualTo(10);
            for (Path example : examples) {
                String sql = ExampleData.prefixed(ExampleData.sql(example), prefix) + "\nFORMAT TabSeparatedWithNames";
                QueryResult result = QueryResult.parse(query(http, sql, null));
                answers.check(example.getFileName().toString(), result, prefix);
            }
        } finally {
            for (String db : List.of("flow_log", "flow_metrics", "tapflow_meta")) {
                query(http, "DROP DATABASE IF EXISTS " + prefix + db, null);
            }
        }
    }

    @Test
    void everyExampleAnswersCorrectlyOnChdb() throws Exception {
        Path rowsDir = dir.resolve("rows");
        ExampleData.writeFiles(rows, rowsDir);
        Path out = dir.resolve("chdb-examples.out");
        File err = dir.resolve("chdb-examples.err").toFile();
        Process p = new ProcessBuilder("bash", ExampleData.REPO.resolve("tools/chdb/examples.sh").toString(),
                ExampleData.REPO.resolve("sql/generated/modern.sql").toString(), rowsDir.toString(), ExampleData.EXAMPLES.toString())
                .redirectOutput(out.toFile()).redirectError(err).start();
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("chDB run finished").isTrue();
        assertThat(p.exitValue()).as("chDB exit status: %s", Files.readString(err.toPath())).isZero();
        Map<String, QueryResult> results = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            JsonNode n = json.readTree(line);
            results.put(n.get("example").asText(), QueryResult.parse(n.get("tsv").asText()));
        }
        assertThat(results.keySet()).containsExactlyElementsOf(ExampleData.examples().stream().map(e -> e.getFileName().toString()).toList());
        ExampleAnswers answers = new ExampleAnswers(run);
        results.forEach((example, result) -> answers.check(example, result, ""));
    }

    /** Runs a statement over the HTTP interface; {@code body} (RowBinary rows) goes with an INSERT in the URL. */
    private static String query(HttpClient http, String sql, byte[] body) throws Exception {
        HttpRequest.Builder b = body == null
                ? HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/")).POST(HttpRequest.BodyPublishers.ofString(sql))
                : HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("ClickHouse answer to %s: %s", sql, r.body()).isEqualTo(200);
        return r.body();
    }
}
