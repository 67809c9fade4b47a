package io.tapflow.metrics;

import io.tapflow.schema.NetworkMapMetrics;
import io.tapflow.schema.NetworkMetrics;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Window rows to Avro records: single-side rows on the main output, edge rows on {@link #NETWORK_MAP}. */
final class SplitFamilies extends ProcessFunction<MetricPartial, NetworkMetrics> {
    private static final long serialVersionUID = 1L;
    static final OutputTag<NetworkMapMetrics> NETWORK_MAP = new OutputTag<>("network-map-metrics") {};

    @Override
    public void processElement(MetricPartial p, Context ctx, Collector<NetworkMetrics> out) {
        if (p.key.family == MetricKey.NETWORK) {
            out.collect(MetricRecords.network(p));
        } else {
            ctx.output(NETWORK_MAP, MetricRecords.networkMap(p));
        }
    }
}
