package io.tapflow.metrics;

import org.apache.flink.api.common.functions.AggregateFunction;

/** The 1 s reduce: folds flow-seconds into the window's {@link MetricAccumulator} in place. */
public final class DocumentAggregate implements AggregateFunction<MetricDoc, MetricAccumulator, MetricAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public MetricAccumulator createAccumulator() {
        return new MetricAccumulator();
    }

    @Override
    public MetricAccumulator add(MetricDoc doc, MetricAccumulator acc) {
        acc.add(doc);
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
