package io.tapflow.metrics;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns a window's accumulator into a row. The first firing (watermark past the bucket) emits
 * everything; a later firing, caused by late documents within the allowed lateness, emits only the
 * difference to what was already emitted: counters as differences, each *_max only if it grew, and
 * active connections as the number of new distinct 4-tuples. So every row is a partial aggregate and
 * a bucket's value is the sum of its rows (max for *_max), in ClickHouse and for Kafka readers alike;
 * nothing is emitted twice. The emitted totals live in per-window state, cleared with the window.
 *
 * <p>Windows are offset by 1 ms (see {@link MetricsPipeline}): the bucket is {@code (start - 1) / 1000}.
 */
final class EmitDeltas extends ProcessWindowFunction<MetricAccumulator, MetricPartial, MetricKey, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final int periodSec;
    private final boolean keepEmitted;
    private final ValueStateDescriptor<EmittedTotals> emittedDescriptor =
            new ValueStateDescriptor<>("emitted", TypeInformation.of(EmittedTotals.class));

    /**
     * @param periodSec   1 (reduce of documents) or 60 (reduce of 1 s partials)
     * @param keepEmitted whether late firings can happen (allowed lateness &gt; 0)
     */
    EmitDeltas(int periodSec, boolean keepEmitted) {
        this.periodSec = periodSec;
        this.keepEmitted = keepEmitted;
    }

    @Override
    public void process(MetricKey key, Context ctx, Iterable<MetricAccumulator> elements, Collector<MetricPartial> out) throws Exception {
        MetricAccumulator acc = elements.iterator().next();
        boolean seconds = periodSec == 1;
        long flowLoad = seconds ? acc.active.size() : acc.all.size();
        MetricPartial p = new MetricPartial();
        p.key = key;
        p.timeSec = (ctx.window().getStart() - 1) / 1000;
        p.period = periodSec;
        p.flowLoad = flowLoad;
        p.peers = seconds ? acc.all : null;
        if (!keepEmitted) {
            p.sums = acc.sums;
            p.maxes = acc.maxes;
            out.collect(p);
            return;
        }
        ValueState<EmittedTotals> state = ctx.windowState().getState(emittedDescriptor);
        EmittedTotals emitted = state.value();
        if (emitted == null) {
            p.sums = acc.sums;
            p.maxes = acc.maxes;
            emitted = new EmittedTotals();
            emitted.sums = acc.sums.clone();
            emitted.maxes = acc.maxes.clone();
        } else {
            boolean changed = false;
            p.sums = new long[acc.sums.length];
            for (int i = 0; i < p.sums.length; i++) {
                p.sums[i] = acc.sums[i] - emitted.sums[i];
                changed |= p.sums[i] != 0;
                emitted.sums[i] = acc.sums[i];
            }
            p.maxes = new long[acc.maxes.length];
            for (int i = 0; i < p.maxes.length; i++) {
                if (acc.maxes[i] > emitted.maxes[i]) {
                    p.maxes[i] = acc.maxes[i];
                    emitted.maxes[i] = acc.maxes[i];
                    changed = true;
                }
            }
            p.flowLoad = flowLoad - emitted.flowLoad;
            changed |= p.flowLoad != 0 || acc.all.size() != emitted.peers;
            if (!changed) {
                return;
            }
        }
        emitted.flowLoad = flowLoad;
        emitted.peers = acc.all.size();
        state.update(emitted);
        out.collect(p);
    }

    @Override
    public void clear(Context ctx) {
        if (keepEmitted) {
            ctx.windowState().getState(emittedDescriptor).clear();
        }
    }
}
