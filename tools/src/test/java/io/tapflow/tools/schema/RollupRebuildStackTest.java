package io.tapflow.tools.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The 1 h / 1 d rollups on the local server: fed by their materialized views on direct inserts, and
 * rebuilt exactly, and idempotently, by {@code schema rollup} when the views were not fed (rows
 * written through another materialized view, which 18.16 does not cascade).
 */
@Tag("stack")
class RollupRebuildStackTest {
    private static final int PORT = Integer.parseInt(System.getenv().getOrDefault("TAPFLOW_CLICKHOUSE_HTTP_PORT", "18123"));
    private final ClickHouseHttp ch = new ClickHouseHttp("127.0.0.1", PORT, "default", "");
    private final String prefix = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";

    @AfterEach
    void drop() {
        for (String db : List.of("flow_log", "flow_metrics", "tapflow_meta", "feed")) {
            ch.execute("DROP DATABASE IF EXISTS " + prefix + db);
        }
    }

    @Test
    void viewsFeedTheRollupsAndRebuildReplacesWholeDays() {
        String port = Integer.toString(PORT);
        assertThat(SchemaManager.run(new String[] {"apply", "--port", port, "--database-prefix", prefix}, System.out, System.err)).isZero();
        String m = prefix + "flow_metrics.";
        ch.execute("INSERT INTO " + m + "network_1m (time, period, agent_id, ip4, is_ipv4, role, server_port, packet_tx, rtt_max, flow_load) VALUES "
                + "('2024-01-01 00:01:00', 60, 'a', 1, 1, 1, 80, 10, 5, 3), ('2024-01-01 00:59:00', 60, 'a', 1, 1, 1, 80, 7, 9, 2), "
                + "('2024-01-01 01:00:00', 60, 'a', 1, 1, 1, 80, 1, 2, 4)");
        String hourly = "SELECT toString(time), packet_tx, rtt_max, flow_load FROM " + m + "network_1h ORDER BY time";
        List<String[]> expected = List.of(new String[] {"2024-01-01 00:00:00", "17", "9", "3"}, new String[] {"2024-01-01 01:00:00", "1", "2", "4"});
        assertThat(ch.rows(hourly)).containsExactlyElementsOf(expected);

        // rows written by a materialized view into network_1m (as the exactly-once sink writes them)
        ch.execute("CREATE DATABASE " + prefix + "feed");
        ch.execute("CREATE TABLE " + prefix + "feed.apply AS " + m + "network_1m ENGINE = Null");
        ch.execute("CREATE MATERIALIZED VIEW " + prefix + "feed.rows TO " + m + "network_1m AS SELECT * FROM " + prefix + "feed.apply");
        ch.execute("INSERT INTO " + prefix + "feed.apply (time, period, agent_id, ip4, is_ipv4, role, server_port, packet_tx, rtt_max, flow_load) "
                + "VALUES ('2024-01-01 00:30:00', 60, 'a', 1, 1, 1, 80, 100, 50, 1)");
        String daily = "SELECT packet_tx, rtt_max FROM " + m + "network_1d";
        String[] rebuilt = {"118", "50"};
        boolean cascades = ch.rows(daily).get(0)[0].equals("118");
        assertThat(ch.version().singleNodeTarget() == RenderTarget.LEGACY).as("only 18.16 does not cascade").isEqualTo(!cascades);

        String[] rebuild = {"rollup", "--port", port, "--database-prefix", prefix, "--from", "2024-01-01", "--to", "2024-01-01"};
        for (int i = 0; i < 2; i++) {
            assertThat(SchemaManager.run(rebuild, System.out, System.err)).isZero();
            assertThat(ch.rows(daily)).singleElement().isEqualTo(rebuilt);
            assertThat(ch.rows(hourly)).containsExactly(new String[] {"2024-01-01 00:00:00", "117", "50", "3"},
                    new String[] {"2024-01-01 01:00:00", "1", "2", "4"});
        }
    }
}
