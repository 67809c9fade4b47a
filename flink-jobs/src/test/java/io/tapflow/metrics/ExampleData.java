package io.tapflow.metrics;

import io.tapflow.schema.clickhouse.RowBinaryWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.generic.IndexedRecord;

/**
 * The pipeline output as ClickHouse rows (RowBinary from the Avro records, as the sinks write them)
 * and the repository's SQL: the generated DDL, the examples, and a database-prefix rewrite so tests
 * use throw-away databases on a shared server.
 */
final class ExampleData {
    static final Path REPO = Path.of("..");
    static final Path EXAMPLES = REPO.resolve("sql").resolve("examples");
    private static final Pattern DATABASES = Pattern.compile("\\b(flow_log|flow_metrics|tapflow_meta)\\b(?=\\.|;|\\s*$| ON CLUSTER|\\n)");

    /** Table → (column list, RowBinary rows), in insertion order (flow logs, then 1 s, then 1 min: the rollups follow the 1 min inserts). */
    static Map<String, Rows> rows(PipelineRun run) {
        Map<String, Rows> out = new LinkedHashMap<>();
        out.put("flow_log.l4_flow_log", Rows.of(run.flowLogs));
        out.put("flow_metrics.network_1s", Rows.of(run.network1s));
        out.put("flow_metrics.network_map_1s", Rows.of(run.networkMap1s));
        out.put("flow_metrics.network_1m", Rows.of(run.network1m));
        out.put("flow_metrics.network_map_1m", Rows.of(run.networkMap1m));
        return out;
    }

    /** Column list and RowBinary bytes of some records of one schema. */
    record Rows(String columns, byte[] data, int count) {
        static Rows of(List<? extends IndexedRecord> records) {
            RowBinaryWriter writer = new RowBinaryWriter(records.get(0).getSchema());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (IndexedRecord r : records) {
                writer.write(r, out);
            }
            return new Rows(writer.columnList(), out.toByteArray(), records.size());
        }
    }

    /** Writes {@code <db>.<table>.bin} and {@code .columns} files (the chDB runner's input). */
    static void writeFiles(Map<String, Rows> rows, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (var e : rows.entrySet()) {
            Files.write(dir.resolve(e.getKey() + ".bin"), e.getValue().data());
            Files.writeString(dir.resolve(e.getKey() + ".columns"), e.getValue().columns());
        }
    }

    /** Example files, by name. */
    static List<Path> examples() throws IOException {
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            return s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
    }

    /** An example's SQL as it is, without the final semicolon. */
    static String sql(Path example) throws IOException {
        return Files.readString(example).strip().replaceAll(";$", "");
    }

    /** Statements of a generated DDL script (split as tools/chdb does: on ";\n", comment lines dropped). */
    static List<String> statements(Path script) throws IOException {
        return Stream.of(Files.readString(script).split(";\n"))
                .map(s -> String.join("\n", s.lines().filter(l -> !l.startsWith("--")).toList()).strip())
                .filter(s -> !s.isEmpty()).toList();
    }

    /** Puts every tapflow database name in {@code sql} under {@code prefix}. */
    static String prefixed(String sql, String prefix) {
        return DATABASES.matcher(sql).replaceAll(prefix + "$1");
    }
}
