package io.tapflow.tools.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.tools.schema.ClickHouseHttp;
import io.tapflow.tools.schema.SchemaManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The operators' SQL on the local ClickHouse (18.16 here), against values worked out by hand. */
@Tag("stack")
class MetricQueryStackTest {
    private static final int PORT = Integer.parseInt(System.getenv().getOrDefault("TAPFLOW_CLICKHOUSE_HTTP_PORT", "18123"));
    private final ClickHouseHttp ch = new ClickHouseHttp("127.0.0.1", PORT, "default", "");
    private final String prefix = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";

    @AfterEach
    void drop() {
        for (String db : List.of("flow_log", "flow_metrics", "tapflow_meta")) {
            ch.execute("DROP DATABASE IF EXISTS " + prefix + db);
        }
    }

    @Test
    void operatorsGiveTheHandComputedValues() {
        assertThat(SchemaManager.run(new String[] {"apply", "--port", Integer.toString(PORT), "--database-prefix", prefix}, System.out, System.err)).isZero();
        // two minutes of one server out of a 5-minute range; the second minute's rows arrive as two partial rows
        ch.execute("INSERT INTO " + prefix + "flow_metrics.network_1m (time, period, agent_id, ip4, is_ipv4, role, server_port, packet_tx, "
                + "retrans_tx, byte_tx, rtt_sum, rtt_count, art_sum, art_count, new_flow, flow_load) VALUES "
                + "('2024-01-01 00:01:00', 60, 'a', 1, 1, 1, 80, 10, 1, 1000, 300, 2, 40000, 1, 2, 3), "
                + "('2024-01-01 00:02:00', 60, 'a', 1, 1, 1, 80, 20, 0, 2000, 100, 1, 90000, 2, 1, 1), "
                + "('2024-01-01 00:02:00', 60, 'a', 1, 1, 1, 80, 10, 0, 1000, 0, 0, 0, 0, 0, 0)");
        MetricQuery q = MetricQuery.on(prefix + "flow_metrics.network_1m", 1704067200L, 1704067500L).groupBy("ip", "server_port").where("role = 1")
                .select(Operator.AVG, "byte").select(Operator.PERCENTILE, "rtt", 95).select(Operator.SUM, "retrans_ratio")
                .select(Operator.AVG, "retrans_ratio").select(Operator.APDEX, "art", 50_000).select(Operator.STDDEV, "new_flow")
                .select(Operator.RSPREAD, "packet").select(Operator.MAX, "flow_load").select(Operator.MIN, "rtt")
                .select(Operator.SPREAD, "art").select(Operator.DISTINCT, "ip4");
        List<String[]> rows = ch.rows(q.sql());
        assertThat(rows).hasSize(1);
        // bytes 1000 and 3000 in 2 of 5 minutes: (1000 + 3000) * 8 bit / 300 s; rtt per minute 150 and 100 µs, P95 (nearest rank) 150;
        // retrans 1 of 40 packets = 2.5 %, per-minute ratios 10 % and 0 %: avg 5; art per minute 40 and 45 ms, both within T = 50 ms;
        // new flows [2, 1, 0, 0, 0]: population stddev 0.8; packets/s min 0 → RSpread undefined; spread of art 45000 - 40000
        // (NULL reads back as "N" after the TabSeparated unescaping)
        assertThat(rows.get(0)).containsExactly("0.0.0.1", "80", "106.66666666666667", "150", "2.5", "5", "100", "0.8", "N", "3", "100",
                "5000", "1");
    }
}
