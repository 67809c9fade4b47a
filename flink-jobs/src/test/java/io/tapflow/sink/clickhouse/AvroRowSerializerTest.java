package io.tapflow.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.schema.L4FlowLog;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroRowSerializerTest {

    private static String render(AvroRowSerializer<L4FlowLog> s, L4FlowLog record) {
        JsonRowWriter w = new JsonRowWriter(1024);
        w.beginRow();
        s.serialize(record, w);
        w.endRow();
        return w.toString();
    }

    private static TableColumns legacyColumns() throws Exception {
        return new TableColumns("flow_log", "l4_flow_log", L4FlowLogTables.columns().stream()
                .map(c -> new TableColumns.Column(c.name(), ColumnType.parse(c.legacyType()), TableColumns.DefaultKind.NONE, ""))
                .toList());
    }

    @Test
    void modernColumnTypesGetTextTimestampsAndAddresses() throws Exception {
        AvroRowSerializer<L4FlowLog> s = AvroRowSerializer.forClass(L4FlowLog.class);
        s.open(L4FlowLogTables.modernColumns("flow_log", "l4_flow_log"));
        String v6 = render(s, L4FlowLogTables.record(1));
        assertThat(v6).startsWith("{\"time\":1700000001,\"start_time\":\"1700000001.000003\",\"end_time\":\"1700000001.250126\",\"flow_id\":1,")
                .contains("\"ip4_0\":\"0.0.0.0\"", "\"ip6_0\":\"2001:db8:0:0:0:0:0:1\"", "\"ip6_1\":\"2001:db8:0:0:225c:a0d:8000:1\"",
                        "\"group_ids_0\":[1,2,1]", "\"group_ids_1\":[]", "\"pod_id_0\":4294967280", "\"l3_epc_id_0\":-2",
                        "\"province_0\":\"Île-de-France \\\"quoted\\\" \\\\ tab\\t€\"")
                .endsWith("}\n");
        String v4 = render(s, L4FlowLogTables.record(2));
        assertThat(v4).contains("\"ip4_0\":\"10.0.0.2\"", "\"ip4_1\":\"192.168.1.1\"", "\"ip6_0\":\"::\"");
    }

    @Test
    void legacyColumnTypesGetMicrosecondsNumbersAndRawBytes() throws Exception {
        AvroRowSerializer<L4FlowLog> s = AvroRowSerializer.forClass(L4FlowLog.class);
        s.open(legacyColumns());
        String row = render(s, L4FlowLogTables.record(1));
        assertThat(row).startsWith("{\"time\":1700000001,\"start_time\":1700000001000003,\"end_time\":1700000001250126,")
                .contains("\"ip4_0\":0,", "\"ip6_1\":\" \\u0001\\r"); // raw bytes, escaped where JSON needs it
        assertThat(render(s, L4FlowLogTables.record(2))).contains("\"ip4_0\":167772162,", "\"ip6_0\":\"\"");
    }

    @Test
    void aFieldWithoutColumnOrAnImpossibleTypeFailsAtOpenNamingTheField() throws Exception {
        List<TableColumns.Column> cols = new ArrayList<>(L4FlowLogTables.modernColumns("flow_log", "l4_flow_log").columns());
        cols.removeIf(c -> c.name().equals("rtt_max"));
        cols.replaceAll(c -> c.name().equals("agent_id")
                ? new TableColumns.Column("agent_id", ColumnType.parse("UInt32"), TableColumns.DefaultKind.NONE, "") : c);
        cols.replaceAll(c -> c.name().equals("flow_id")
                ? new TableColumns.Column("flow_id", ColumnType.parse("UInt64"), TableColumns.DefaultKind.MATERIALIZED, "1") : c);
        AvroRowSerializer<L4FlowLog> s = AvroRowSerializer.forClass(L4FlowLog.class);
        assertThatThrownBy(() -> s.open(new TableColumns("flow_log", "l4_flow_log", cols)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'rtt_max' has no column in flow_log.l4_flow_log")
                .hasMessageContaining("field 'agent_id' (Avro string) cannot be written to column 'agent_id' of type UInt32")
                .hasMessageContaining("column 'flow_id' is MATERIALIZED");
    }

    @Test
    void nullsGoToNullableColumnsAndAreLeftOutOtherwise() {
        Schema schema = SchemaBuilder.record("R").fields()
                .optionalLong("a").optionalLong("b").name("c").type().array().items().nullable().intType().noDefault()
                .endRecord();
        AvroRowSerializer<GenericRecord> s = AvroRowSerializer.forSchema(schema);
        s.open(new TableColumns("d", "t", List.of(
                new TableColumns.Column("a", ColumnType.parse("Nullable(Int64)"), TableColumns.DefaultKind.NONE, ""),
                new TableColumns.Column("b", ColumnType.parse("Int64"), TableColumns.DefaultKind.NONE, ""),
                new TableColumns.Column("c", ColumnType.parse("Array(Nullable(UInt8))"), TableColumns.DefaultKind.NONE, ""))));
        GenericRecord r = new GenericData.Record(schema);
        r.put("c", java.util.Arrays.asList(1, null, 3));
        JsonRowWriter w = new JsonRowWriter(64);
        w.beginRow();
        s.serialize(r, w);
        w.endRow();
        assertThat(w.toString()).isEqualTo("{\"a\":null,\"c\":[1,null,3]}\n");
    }
}
