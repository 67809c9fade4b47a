package io.tapflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        try (LocalClickHouse ch = new LocalClickHouse()) {
            for (var e : rows.entrySet()) {
                ch.insert(e.getKey(), e.getValue());
                assertThat(ch.query("SELECT count() FROM " + ch.prefix + e.getKey() + " FORMAT TabSeparated").strip())
                        .as("rows in %s", e.getKey()).isEqualTo(Integer.toString(e.getValue().count()));
            }
            ExampleAnswers answers = new ExampleAnswers(run);
            List<Path> examples = ExampleData.examples();
            assertThat(examples).hasSizeGreaterThanOrEqualTo(10);
            for (Path example : examples) {
                QueryResult result = ch.select(ExampleData.prefixed(ExampleData.sql(example), ch.prefix));
                answers.check(example.getFileName().toString(), result, ch.prefix);
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
}
