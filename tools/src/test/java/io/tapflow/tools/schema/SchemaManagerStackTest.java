package io.tapflow.tools.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.clickhouse.RowBinaryWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.avro.generic.IndexedRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Applies the schema to the local ClickHouse (TAPFLOW_CLICKHOUSE_HTTP_PORT, default 18123) under a
 * throw-away database prefix, twice, then writes one row per table in RowBinary from the Avro
 * records and reads it back.
 */
@Tag("stack")
class SchemaManagerStackTest {

    private static final int PORT = Integer.parseInt(System.getenv().getOrDefault("TAPFLOW_CLICKHOUSE_HTTP_PORT", "18123"));
    private final ClickHouseHttp ch = new ClickHouseHttp("127.0.0.1", PORT, "default", "");
    private final String prefix = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";

    @AfterEach
    void dropDatabases() {
        for (String db : List.of("flow_log", "flow_metrics", "tapflow_meta")) {
            ch.execute("DROP DATABASE IF EXISTS " + prefix + db);
        }
    }

    @Test
    void applyIsIdempotentAndEveryTableTakesRowsWrittenFromItsRecord() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        String[] apply = {"apply", "--port", Integer.toString(PORT), "--database-prefix", prefix};

        assertThat(SchemaManager.run(apply, new PrintStream(log), System.err)).isZero();
        assertThat(SchemaManager.run(apply, new PrintStream(log), System.err)).isZero();
        assertThat(SchemaManager.run(new String[] {"status", "--port", Integer.toString(PORT), "--database-prefix", prefix},
                new PrintStream(log), System.err)).isZero();

        int migrations = Tables.all().size() + Tables.rollups().size();
        assertThat(log.toString()).contains(migrations + " migrations applied, 0 already present", "0 migrations applied, " + migrations + " already present");
        assertThat(ch.rows("SELECT count() FROM " + prefix + "tapflow_meta.schema_migrations").get(0)[0]).isEqualTo(Integer.toString(migrations));
        RenderTarget target = ch.version().singleNodeTarget();

        for (TableSpec t : Tables.all()) {
            insert(SampleRows.of(t), prefix + t.qualifiedName());
        }

        String startTime = target == RenderTarget.LEGACY ? "start_time" : "toUnixTimestamp64Micro(start_time)";
        String ip4 = target == RenderTarget.LEGACY ? "IPv4NumToString(ip4_0)" : "toString(ip4_0)";
        String ip6 = target == RenderTarget.LEGACY ? "IPv6NumToString(ip6_0)" : "toString(ip6_0)";
        List<String[]> l4 = ch.rows("SELECT flow_id, " + startTime + ", toUnixTimestamp(time), agent_id, " + ip4
                + ", l3_epc_id_1, byte_tx, rtt_client_sum, close_type, arrayStringConcat(arrayMap(x -> toString(x), group_ids_0), ','), "
                + "tap_side, retrans_rx FROM " + prefix + "flow_log.l4_flow_log");
        assertThat(l4).hasSize(1);
        assertThat(l4.get(0)).containsExactly("77", "1700000000000250", "1700000001", "agent-1", "10.0.0.1", "-2", "1234", "300", "2", "1,2", "c", "0");
        List<String[]> l7 = ch.rows("SELECT flow_id, l7_protocol, method, host, path, status_code, response_status, duration, " + ip6
                + ", grpc_status, content_length FROM " + prefix + "flow_log.l7_flow_log");
        assertThat(l7).hasSize(1);
        assertThat(l7.get(0)).containsExactly("77", "20", "GET", "example.com", "/a/b", "404", "4", "5000", "2001:db8::1", "-1", "-1");

        for (TableSpec t : Tables.all()) {
            if (t.database().equals("flow_metrics")) {
                assertThat(ch.rows("SELECT period, agent_id, server_port, " + SampleRows.maxColumn(t) + " FROM " + prefix + t.qualifiedName()))
                        .as("row of %s", t.qualifiedName()).singleElement()
                        .satisfies(r -> assertThat(r).containsExactly(t.table().endsWith("_1m") ? "60" : "1", "agent-1", "443", "4000000"));
            }
        }

        // every row is in partition 20231114; retention is 1 day for 1s tables, 3 for flow logs, 7 for 1m tables
        RenderOptions options = RenderOptions.of(target).withDatabasePrefix(prefix);
        PartitionRetention retention = new PartitionRetention(ch, options, new PrintStream(log));
        assertThat(retention.enforce(LocalDate.of(2023, 11, 14), 0, false)).isEmpty();
        assertThat(retention.enforce(LocalDate.of(2023, 11, 15), 0, true)).extracting(p -> p.table().table())
                .containsExactly("network_1s", "network_map_1s", "application_1s", "application_map_1s");
        assertThat(retention.enforce(LocalDate.of(2023, 11, 17), 0, false)).extracting(p -> p.table().table())
                .containsExactly("l4_flow_log", "l7_flow_log", "network_1s", "network_map_1s", "application_1s", "application_map_1s");
        assertThat(ch.rows("SELECT count() FROM " + prefix + "flow_metrics.network_1m").get(0)[0]).isEqualTo("1");
        // disk watermark: a 1-byte budget drops every day before today, oldest first
        assertThat(retention.enforce(LocalDate.of(2023, 11, 18), 1, false)).extracting(p -> p.table().table())
                .containsExactly("network_1m", "network_map_1m", "application_1m", "application_map_1m",
                        "network_1h_rollup", "network_1d_rollup", "network_map_1h_rollup", "network_map_1d_rollup",
                        "application_1h_rollup", "application_1d_rollup", "application_map_1h_rollup", "application_map_1d_rollup");
        assertThat(ch.rows("SELECT count() FROM " + prefix + "flow_log.l4_flow_log").get(0)[0]).isEqualTo("0");
    }

    private void insert(IndexedRecord record, String table) {
        RowBinaryWriter writer = new RowBinaryWriter(record.getSchema());
        ch.insert("INSERT INTO " + table + " (" + writer.columnList() + ") FORMAT RowBinary", SampleRows.rowBinary(record, writer));
    }

}
