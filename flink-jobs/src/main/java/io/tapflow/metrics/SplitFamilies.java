package io.tapflow.metrics;

import io.tapflow.schema.ApplicationMapMetrics;
import io.tapflow.schema.ApplicationMetrics;
import io.tapflow.schema.NetworkMapMetrics;
import io.tapflow.schema.NetworkMetrics;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Rows to Avro records: network single-side rows on the main output, the other families on side outputs. */
final class SplitFamilies extends ProcessFunction<MetricPartial, NetworkMetrics> {
    private static final long serialVersionUID = 1L;
    static final OutputTag<NetworkMapMetrics> NETWORK_MAP = new OutputTag<>("network-map-metrics") {};
    static final OutputTag<ApplicationMetrics> APPLICATION = new OutputTag<>("application-metrics") {};
    static final OutputTag<ApplicationMapMetrics> APPLICATION_MAP = new OutputTag<>("application-map-metrics") {};

    @Override
    public void processElement(MetricPartial p, Context ctx, Collector<NetworkMetrics> out) {
        switch (p.key.family) {
            case MetricKey.NETWORK -> out.collect(MetricRecords.network(p));
            case MetricKey.NETWORK_MAP -> ctx.output(NETWORK_MAP, MetricRecords.networkMap(p));
            case MetricKey.APPLICATION -> ctx.output(APPLICATION, MetricRecords.application(p));
            default -> ctx.output(APPLICATION_MAP, MetricRecords.applicationMap(p));
        }
    }
}
