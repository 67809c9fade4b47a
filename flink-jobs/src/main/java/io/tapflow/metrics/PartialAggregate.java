package io.tapflow.metrics;

import org.apache.flink.api.common.functions.AggregateFunction;

/** The 1 min reduce: folds the minute's 1 s partials (first firings and late deltas alike) in place. */
public final class PartialAggregate implements AggregateFunction<MetricPartial, MetricAccumulator, MetricAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public MetricAccumulator createAccumulator() {
        return new MetricAccumulator();
    }

    @Override
    public MetricAccumulator add(MetricPartial partial, MetricAccumulator acc) {
        acc.add(partial);
        return acc;
    }

    @Override
    public MetricAccumulator getResult(MetricAccumulator acc) {
        return acc;
    }

    @Override
    public MetricAccumulator merge(MetricAccumulator a, MetricAccumulator b) {
        a.merge(b);
        return a;
    }
}
