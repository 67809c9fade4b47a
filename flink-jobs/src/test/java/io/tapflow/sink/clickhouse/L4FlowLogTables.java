package io.tapflow.sink.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapflow.schema.L4FlowLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * flow_log.l4_flow_log for the tests: the schema manager's 18.16 DDL, and column lists built from
 * the {@code clickhouse.type} hints of l4_flow_log.avsc as a modern server has them and in the
 * 18.16 fallback (DateTime64(6) → UInt64 microseconds, IPv4 → UInt32, IPv6 → FixedString(16),
 * LowCardinality(String) → String, as sql/generated/legacy.sql renders them). Also a record with
 * every kind of value.
 */
final class L4FlowLogTables {
    private L4FlowLogTables() {}

    record Col(String name, String modernType) {
        String legacyType() {
            return switch (modernType) {
                case "DateTime64(6)" -> "UInt64";
                case "IPv4" -> "UInt32";
                case "IPv6" -> "FixedString(16)";
                case "LowCardinality(String)" -> "String";
                default -> modernType;
            };
        }
    }

    static List<Col> columns() throws IOException {
        try (InputStream in = L4FlowLog.class.getResourceAsStream("/avro/l4_flow_log.avsc")) {
            if (in == null) {
                throw new IOException("l4_flow_log.avsc is not in the schemas jar");
            }
            JsonNode schema = new ObjectMapper().readTree(in);
            List<Col> out = new ArrayList<>();
            for (JsonNode f : schema.get("fields")) {
                out.add(new Col(f.get("name").asText(), f.get("clickhouse.type").asText()));
            }
            return out;
        }
    }

    /**
     * The schema manager's CREATE TABLE for flow_log.l4_flow_log on 18.16 (sql/generated/legacy.sql,
     * the file a test keeps current), aimed at {@code database.table}.
     */
    static String legacyDdl(String database, String table) throws IOException {
        Path file = Stream.of("sql/generated/legacy.sql", "../sql/generated/legacy.sql").map(Path::of)
                .filter(Files::exists).findFirst()
                .orElseThrow(() -> new IOException("sql/generated/legacy.sql not found from " + Path.of("").toAbsolutePath()));
        List<String> lines = Files.readAllLines(file);
        String create = "CREATE TABLE IF NOT EXISTS flow_log.l4_flow_log";
        int start = lines.indexOf(create);
        if (start < 0) {
            throw new IOException(file + " has no '" + create + "'");
        }
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + database + "." + table);
        for (String line : lines.subList(start + 1, lines.size())) {
            ddl.append('\n').append(line);
            if (!line.startsWith(" ") && line.endsWith(";")) { // the statement ends on an unindented line
                return ddl.substring(0, ddl.length() - 1);
            }
        }
        throw new IOException("unterminated CREATE TABLE in " + file);
    }

    static TableColumns modernColumns(String database, String table) throws IOException {
        return new TableColumns(database, table, columns().stream()
                .map(c -> new TableColumns.Column(c.name(), ColumnType.parse(c.modernType()), TableColumns.DefaultKind.NONE, ""))
                .toList());
    }

    /** A flow record numbered {@code i}: flow_id i, times and addresses derived from i. */
    static L4FlowLog record(long i) {
        L4FlowLog r = new L4FlowLog();
        long startMicros = 1_700_000_000_000_000L + i * 1_000_003L;
        long endMicros = startMicros + 250_123L;
        r.setTime(Math.floorDiv(endMicros, 1_000_000L));
        r.setStartTime(Instant.ofEpochSecond(0, startMicros * 1_000L));
        r.setEndTime(Instant.ofEpochSecond(0, endMicros * 1_000L));
        r.setFlowId(i);
        r.setAgentId("agent-" + (i % 3));
        r.setTapPortName("eth0");
        r.setTapSide("c");
        r.setIsIpv4(i % 2 == 0 ? 1 : 0);
        if (i % 2 == 0) {
            r.setIp40(0x0A000000L | (i & 0xFFFF));
            r.setIp41(0xC0A80101L);
            r.setIp60(ByteBuffer.allocate(0));
            r.setIp61(ByteBuffer.allocate(0));
        } else {
            r.setIp40(0L);
            r.setIp41(0L);
            r.setIp60(ipv6(0x20010db8_00000000L, i));
            r.setIp61(ipv6(0x20010db8_00000000L, 0x225c0a0d80000001L)); // bytes '"', '\\', LF, CR, 0x80
        }
        r.setClientPort((int) (40000 + i % 20000));
        r.setServerPort(443);
        r.setProtocol(6);
        r.setGroupIds0(List.of(1, 2, (int) (i % 65536)));
        r.setGroupIds1(List.of());
        r.setProvince0("Île-de-France \"quoted\" \\ tab\t€");
        r.setByteTx(i * 1_000L);
        r.setL3EpcId0(-2);
        r.setPodId0((int) 0xFFFFFFF0L); // UInt32 above 2^31: negative in the Avro int
        r.setRttMax((int) (i % 1000));
        return r;
    }

    private static ByteBuffer ipv6(long high, long low) {
        return ByteBuffer.allocate(16).putLong(high).putLong(low).flip();
    }
}
