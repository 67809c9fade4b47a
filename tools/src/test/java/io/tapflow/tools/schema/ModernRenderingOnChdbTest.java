package io.tapflow.tools.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.clickhouse.RowBinaryWriter;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.IndexedRecord;
import org.junit.jupiter.api.Test;

/**
 * The modern rendering on a current ClickHouse engine: chDB (npm chdb 3.4.0, ClickHouse 26.x
 * in-process, installed by tools/chdb/check.sh on first use) runs sql/generated/modern.sql,
 * takes one RowBinary row per table from {@link RowBinaryWriter} — the same bytes the legacy
 * server gets — and checks the cluster rendering's syntax with formatQuery().
 */
class ModernRenderingOnChdbTest {

    @Test
    void modernDdlRunsAndRowBinaryRowsReadBackWithNativeTypes() throws Exception {
        Path rows = Files.createDirectories(Path.of("target", "chdb-rows"));
        for (TableSpec t : Tables.all()) {
            IndexedRecord record = SampleRows.of(t);
            RowBinaryWriter writer = new RowBinaryWriter(record.getSchema());
            Files.write(rows.resolve(t.qualifiedName() + ".bin"), SampleRows.rowBinary(record, writer));
            Files.writeString(rows.resolve(t.qualifiedName() + ".columns"), writer.columnList());
        }
        Path out = Path.of("target", "chdb-check.out");
        File err = Path.of("target", "chdb-check.err").toFile();
        Process p = new ProcessBuilder("bash", Path.of("chdb", "check.sh").toString(),
                Path.of("..", "sql", "generated", "modern.sql").toString(), Path.of("..", "sql", "generated", "cluster.sql").toString(),
                rows.toString())
                .redirectOutput(out.toFile()).redirectError(err).start();
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("chDB check finished").isTrue();
        assertThat(p.exitValue()).as("chDB check exit status; see %s", err).isZero();

        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(Tables.all().size() + Tables.rollups().size());
        assertThat(row(lines, "flow_log.l4_flow_log")).contains(
                "\"start_time\":\"2023-11-14 22:13:20.000250\"", "\"time\":\"2023-11-14 22:13:21\"", "\"ip4_0\":\"10.0.0.1\"",
                "\"ip6_0\":\"::\"", "\"l3_epc_id_1\":-2", "\"group_ids_0\":[1,2]", "\"flow_id\":77", "\"tap_side\":\"c\"");
        assertThat(row(lines, "flow_log.l7_flow_log")).contains(
                "\"ip6_0\":\"2001:db8::1\"", "\"grpc_status\":-1", "\"status_code\":404", "\"end_time\":\"2023-11-14 22:13:20.005000\"");
        assertThat(row(lines, "flow_metrics.network_1m")).contains("\"period\":60", "\"rtt_max\":4000000", "\"server_port\":443");
        // the 1-minute row rolled up by the materialized views, read through the rollup views
        assertThat(row(lines, "flow_metrics.network_1h")).contains("\"time\":\"2023-11-14 22:00:00\"", "\"period\":3600",
                "\"rtt_max\":4000000", "\"server_port\":443");
        assertThat(row(lines, "flow_metrics.network_map_1d")).contains("\"time\":\"2023-11-14 00:00:00\"", "\"period\":86400",
                "\"rtt_max\":4000000");
        assertThat(Files.readString(err.toPath())).contains("cluster rendering:", "statements pass formatQuery()");
    }

    private static String row(List<String> lines, String table) {
        return lines.stream().filter(l -> l.startsWith("{\"table\":\"" + table + "\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no row of " + table + " in " + lines));
    }
}
