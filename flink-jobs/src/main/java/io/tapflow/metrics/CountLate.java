package io.tapflow.metrics;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/** Counts (metric and job accumulator under the same name) and forwards what arrived too late for its bucket. */
final class CountLate<T> extends RichMapFunction<T, T> {
    private static final long serialVersionUID = 1L;

    private final String name;
    private transient Counter counter;
    private transient LongCounter total;

    CountLate(String name) {
        this.name = name;
    }

    @Override
    public void open(OpenContext openContext) {
        counter = getRuntimeContext().getMetricGroup().addGroup("tapflow").addGroup("metrics").counter(name);
        total = new LongCounter();
        getRuntimeContext().addAccumulator("tapflow.metrics." + name, total);
    }

    @Override
    public T map(T value) {
        counter.inc();
        total.add(1L);
        return value;
    }
}
