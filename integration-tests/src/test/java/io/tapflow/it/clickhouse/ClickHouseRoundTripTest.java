package io.tapflow.it.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tapflow.stack.StackEndpoints;

/**
 * Create, insert and select on the local ClickHouse 18.16 with client-v2, on the path that works
 * against that server (docs/stack.md, "ClickHouse 18.16 and client-v2"):
 * <ul>
 *   <li>{@code compressServerResponse(false)}: 18.16 answers {@code compress=1} with an empty body;</li>
 *   <li>the output format is named in the SQL ({@code FORMAT JSONEachRow}) and in the QuerySettings:
 *       18.16 ignores the {@code X-ClickHouse-Format} header client-v2 sends and has no
 *       RowBinaryWithNamesAndTypes, so queryAll/queryRecords and the binary readers do not work;</li>
 *   <li>inserts stream RowBinary or JSONEachRow; 18.16 sends no X-ClickHouse-Summary, so the
 *       insert response carries no row count and rows are counted with a query.</li>
 * </ul>
 */
@Tag("stack")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClickHouseRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 30;

    private final String table = "tapflow_it.flows_" + UUID.randomUUID().toString().replace("-", "");
    private Client client;

    @BeforeEach
    void connect() throws Exception {
        client = new Client.Builder()
                .addEndpoint(StackEndpoints.fromEnvironment().clickhouseHttpUrl())
                .setUsername("default")
                .setPassword("")
                .compressServerResponse(false)
                .build();
        execute("CREATE DATABASE IF NOT EXISTS tapflow_it");
        execute("CREATE TABLE " + table + " (time DateTime, flow_id UInt64, ip4_0 UInt32, l7_protocol String,"
                + " byte_tx UInt64) ENGINE = MergeTree ORDER BY (time, flow_id)");
    }

    @AfterEach
    void dropTable() throws Exception {
        try {
            execute("DROP TABLE IF EXISTS " + table);
        } finally {
            client.close();
        }
    }

    @Test
    void rowsInsertedAsJsonEachRowAndRowBinaryAreSelectedBack() throws Exception {
        insert(ClickHouseFormat.JSONEachRow, """
                {"time":"2024-05-01 10:00:00","flow_id":1,"ip4_0":167772161,"l7_protocol":"HTTP","byte_tx":1500}
                {"time":"2024-05-01 10:00:01","flow_id":2,"ip4_0":167772162,"l7_protocol":"DNS","byte_tx":80}
                """.getBytes(StandardCharsets.UTF_8));
        insert(ClickHouseFormat.RowBinary, rowBinary(1714557602L, 3, 167772163L, "MySQL", 4096));

        assertThat(queryText("SELECT count() FROM " + table, ClickHouseFormat.TabSeparated)).isEqualTo("3\n");

        List<JsonNode> rows = queryJson("SELECT toUnixTimestamp(time) AS ts, flow_id, IPv4NumToString(ip4_0) AS ip,"
                + " l7_protocol, byte_tx FROM " + table + " ORDER BY flow_id");
        assertThat(rows).hasSize(3);
        // JSONEachRow quotes 64-bit integers (output_format_json_quote_64bit_integers), hence asLong on text
        assertThat(rows).extracting(r -> r.path("flow_id").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(rows).extracting(r -> r.path("ip").asText())
                .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
        assertThat(rows).extracting(r -> r.path("l7_protocol").asText()).containsExactly("HTTP", "DNS", "MySQL");
        assertThat(rows).extracting(r -> r.path("byte_tx").asLong()).containsExactly(1500L, 80L, 4096L);
        assertThat(rows).extracting(r -> r.path("ts").asLong())
                .containsExactly(1714557600L, 1714557601L, 1714557602L);
    }

    @Test
    void aServerErrorIsRaisedNotSwallowed() {
        assertThatThrownBy(() -> queryText("SELECT no_such_column FROM " + table, ClickHouseFormat.TabSeparated))
                .hasStackTraceContaining("no_such_column");
    }

    private void execute(String sql) throws Exception {
        client.execute(sql).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).close();
    }

    private void insert(ClickHouseFormat format, byte[] data) throws Exception {
        client.insert(table, new ByteArrayInputStream(data), format).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).close();
    }

    /** The raw result of SQL in FORMAT, named in both the SQL and the settings (see the class comment). */
    private String queryText(String sql, ClickHouseFormat format) throws Exception {
        QuerySettings settings = new QuerySettings().setFormat(format);
        try (QueryResponse response = client.query(sql + " FORMAT " + format.name(), settings)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                InputStream body = response.getInputStream()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<JsonNode> queryJson(String sql) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : queryText(sql, ClickHouseFormat.JSONEachRow).split("\n")) {
            if (!line.isBlank()) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }

    /** One row of (DateTime, UInt64, UInt32, String, UInt64) in ClickHouse's RowBinary encoding. */
    private static byte[] rowBinary(long epochSeconds, long flowId, long ip4, String protocol, long bytes) {
        byte[] text = protocol.getBytes(StandardCharsets.UTF_8);
        ByteBuffer row = ByteBuffer.allocate(4 + 8 + 4 + 5 + text.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        row.putInt((int) epochSeconds).putLong(flowId).putInt((int) ip4);
        ByteArrayOutputStream length = new ByteArrayOutputStream();
        int n = text.length;
        do { // unsigned LEB128
            int b = n & 0x7f;
            n >>>= 7;
            length.write(n != 0 ? b | 0x80 : b);
        } while (n != 0);
        row.put(length.toByteArray()).put(text).putLong(bytes);
        return Arrays.copyOf(row.array(), row.position());
    }
}
