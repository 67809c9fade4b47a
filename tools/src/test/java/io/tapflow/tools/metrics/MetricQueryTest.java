package io.tapflow.tools.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MetricQueryTest {
    @Test
    void responseIdentifiersFollowTheManualsRules() {
        MetricQuery q = MetricQuery.on("flow_metrics.network_1m", 0, 3600);
        assertThat(id(q, Operator.SUM, "byte")).isEqualTo("sum_byte");
        assertThat(id(q, Operator.AVG, "byte")).isEqualTo("avg_bps");
        assertThat(id(q, Operator.STDDEV, "retrans_tx")).isEqualTo("stddev_retrans_tx");
        assertThat(id(q, Operator.MAX, "server_syn_ack_repeat")).isEqualTo("max_server_sarps");
        assertThat(id(q, Operator.SUM, "retrans_ratio")).isEqualTo("sum_avg_retrans_ratio");
        assertThat(id(q, Operator.SPREAD, "retrans_ratio")).isEqualTo("spread_retrans_ratio");
        assertThat(id(q, Operator.PERCENTILE, "rtt")).isEqualTo("percentile95_rtt");
        assertThat(id(q, Operator.AVG, "flow_load")).isEqualTo("avg_l4_fps");
        assertThat(id(q, Operator.APDEX, "art_max")).isEqualTo("apdex_art_max");
    }

    @Test
    void operatorsTheManualExcludesAreRejected() {
        MetricQuery q = MetricQuery.on("flow_metrics.network_1s", 0, 60);
        assertThatThrownBy(() -> q.select(Operator.SUM, "rtt")).hasMessageContaining("sum does not apply to rtt");
        assertThatThrownBy(() -> q.select(Operator.SUM, "flow_load")).hasMessageContaining("LOAD");
        assertThatThrownBy(() -> q.select(Operator.APDEX, "packet")).hasMessageContaining("apdex");
        assertThatThrownBy(() -> q.select(Operator.AVG, "l7_request")).hasMessageContaining("no network metric");
        assertThatThrownBy(() -> MetricQuery.on("flow_log.l4_flow_log", 0, 60)).hasMessageContaining("not a metric table");
    }

    @Test
    void rangesAreWholeBucketsAndCountersAreZeroFilled() {
        MetricQuery q = MetricQuery.on("flow_metrics.network_1m", 30, 301).select(Operator.AVG, "packet");
        assertThat(q.buckets()).isEqualTo(6);
        assertThat(q.sql()).contains("time >= toDateTime(0) AND time < toDateTime(360)", "greatest(6 - toInt64(count()), 0)",
                "x * 1 / 60");
        assertThat(MetricQuery.on("flow_metrics.application_1h", 0, 7200).select(Operator.MAX, "l7_error_ratio").sql())
                .contains("FROM flow_metrics.application_1h", "groupArrayIf(v_l7_error_ratio, d_l7_error_ratio)");
    }

    @Test
    void theCommittedDictionaryIsCurrent() throws Exception {
        assertThat(Files.readString(Path.of("..", "sql", "dictionary", "metrics.tsv"))).as("sql/dictionary/metrics.tsv: regenerate with "
                + "./tapflow metrics dictionary --format tsv").isEqualTo(DictionaryTable.tsv());
        assertThat(Files.readString(Path.of("..", "docs", "metrics.md"))).as("docs/metrics.md holds ./tapflow metrics dictionary")
                .contains(DictionaryTable.markdown());
    }

    private static String id(MetricQuery q, Operator op, String metric) {
        return q.responseId(new MetricQuery.Selection(op, metric, MetricQuery.defaultParam(op)));
    }
}
