package io.tapflow.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.L4FlowLog;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** L4FlowLog records into the 18.16 fallback of flow_log.l4_flow_log, read back value by value. */
@Tag("stack")
class AvroRowSerializerStackTest {

    @Test
    void flowRecordsLandWithEveryValueIntact() throws Exception {
        try (ClickHouseStack ch = ClickHouseStack.withFreshDatabase()) {
            ClickHouseStack.exec(L4FlowLogTables.legacyDdl(ch.database, "l4_flow_log"));
            ClickHouseSinkConfig config = ch.config("l4_flow_log").build();
            try (ClickHouseConnection conn = ClickHouseConnection.open(config)) {
                AvroRowSerializer<L4FlowLog> serializer = AvroRowSerializer.forClass(L4FlowLog.class);
                serializer.open(conn.describe(ch.database, "l4_flow_log"));
                JsonRowWriter rows = new JsonRowWriter(4096);
                for (long i = 1; i <= 2; i++) {
                    rows.beginRow();
                    serializer.serialize(L4FlowLogTables.record(i), rows);
                    rows.endRow();
                }
                conn.insert(Sql.id(ch.database, "l4_flow_log"), rows, Map.of());
            }
            String table = ch.database + ".l4_flow_log";
            assertThat(ClickHouseStack.rows("SELECT flow_id, toUnixTimestamp(time), start_time, end_time, is_ipv4,"
                    + " IPv4NumToString(ip4_0), IPv4NumToString(ip4_1), IPv6NumToString(ip6_0), IPv6NumToString(ip6_1),"
                    + " agent_id, group_ids_0, group_ids_1, pod_id_0, l3_epc_id_0, byte_tx, rtt_max FROM " + table + " ORDER BY flow_id"))
                    .containsExactly(
                            "1\t1700000001\t1700000001000003\t1700000001250126\t0\t0.0.0.0\t0.0.0.0\t2001:db8::1"
                                    + "\t2001:db8::225c:a0d:8000:1\tagent-1\t[1,2,1]\t[]\t4294967280\t-2\t1000\t1",
                            "2\t1700000002\t1700000002000006\t1700000002250129\t1\t10.0.0.2\t192.168.1.1\t::\t::"
                                    + "\tagent-2\t[1,2,2]\t[]\t4294967280\t-2\t2000\t2");
            assertThat(ClickHouseStack.scalar("SELECT province_0 FROM " + table + " WHERE flow_id = 1"))
                    .isEqualTo("Île-de-France \"quoted\" \\\\ tab\\t€"); // TabSeparated escapes \ and tab
        }
    }
}
