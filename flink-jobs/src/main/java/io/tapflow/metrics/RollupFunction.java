package io.tapflow.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The reduce: event-time 1 s buckets of one tag set, and 1 min buckets made of them, in one keyed
 * function. Documents are folded in place into the open second's {@link MetricAccumulator} (no
 * allocation per document). A second fires when the watermark reaches its end (the instant the flow
 * engine flushes it, see {@link MeterDocumentsOperator}): its row goes to the main output and its
 * content into the minute, which fires the same way (rows on {@link #MINUTES}). So a 1 min row is by
 * construction the rollup of its 1 s rows: counters and latency sums/counts added, the largest of
 * the maxima, and active connections the distinct 4-tuples of the minute (the union of the seconds'
 * peer sets; part-3 §3.7).
 *
 * <p>Late documents: until {@code allowedLateness} after its end (event time), a bucket is kept and a
 * late document makes it fire again at the next watermark, with only what the late documents added
 * ({@link BucketRows}), into the second and the minute alike. Later than that, documents go to
 * {@link MetricsPipeline#LATE_DOCUMENTS}.
 *
 * <p>One function rather than two window operators (1 s, then 1 min over the 1 s rows): per
 * document one state read and write and at most one new timer, per bucket one sweep. Every timer
 * runs the same sweep of the key's open buckets, so timers of equal time may fire in any order.
 */
final class RollupFunction extends KeyedProcessFunction<MetricKey, MetricDoc, MetricPartial> {
    private static final long serialVersionUID = 1L;
    /** The 1 min rows (the main output carries the 1 s rows). */
    static final OutputTag<MetricPartial> MINUTES = new OutputTag<>("metrics-1m") {};

    private final long latenessMs;
    private transient MapState<Long, Bucket> seconds;
    private transient MapState<Long, Bucket> minutes;

    RollupFunction(long latenessMs) {
        this.latenessMs = latenessMs;
    }

    @Override
    public void open(OpenContext openContext) {
        TypeInformation<Bucket> bucket = TypeInformation.of(Bucket.class);
        seconds = getRuntimeContext().getMapState(new MapStateDescriptor<>("seconds", Types.LONG, bucket));
        minutes = getRuntimeContext().getMapState(new MapStateDescriptor<>("minutes", Types.LONG, bucket));
    }

    /** End of second {@code sec}, ms: the event time its bucket fires at. */
    private static long secondEnd(long sec) {
        return (sec + 1) * 1000;
    }

    private static long minuteEnd(long minute) {
        return (minute + 60) * 1000;
    }

    @Override
    public void processElement(MetricDoc doc, Context ctx, Collector<MetricPartial> out) throws Exception {
        long end = secondEnd(doc.timeSec);
        long watermark = ctx.timerService().currentWatermark();
        if (end + latenessMs <= watermark) {
            ctx.output(MetricsPipeline.LATE_DOCUMENTS, doc);
            return;
        }
        Bucket b = seconds.get(doc.timeSec);
        if (b == null) {
            b = new Bucket();
        }
        b.acc.add(doc);
        b.dirty = true;
        seconds.put(doc.timeSec, b);
        // a bucket already past its end (late input) fires again at the next watermark
        ctx.timerService().registerEventTimeTimer(end > watermark ? end : watermark + 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MetricPartial> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        MetricKey key = ctx.getCurrentKey();
        boolean keep = latenessMs > 0;
        List<Long> done = new ArrayList<>(2);
        List<Map.Entry<Long, Bucket>> changed = new ArrayList<>(2);
        for (Map.Entry<Long, Bucket> e : seconds.entries()) {
            long sec = e.getKey();
            Bucket b = e.getValue();
            long end = secondEnd(sec);
            if (end > watermark) {
                continue;
            }
            if (b.dirty) {
                b.dirty = false;
                MetricPartial row = BucketRows.next(key, sec, 1, b, b.acc.active.size(), keep);
                if (row != null) {
                    out.collect(row);
                }
                intoMinute(key, sec, b, row, watermark, ctx);
                changed.add(e);
                if (keep) {
                    ctx.timerService().registerEventTimeTimer(end + latenessMs);
                }
            }
            if (end + latenessMs <= watermark) {
                done.add(sec);
            }
        }
        apply(seconds, done, changed);
        done.clear();
        changed.clear();
        for (Map.Entry<Long, Bucket> e : minutes.entries()) {
            long minute = e.getKey();
            Bucket b = e.getValue();
            long end = minuteEnd(minute);
            if (end > watermark) {
                continue;
            }
            if (b.dirty) {
                b.dirty = false;
                MetricPartial row = BucketRows.next(key, minute, 60, b, b.acc.all.size(), keep);
                if (row != null) {
                    ctx.output(MINUTES, row);
                }
                changed.add(e);
                if (keep) {
                    ctx.timerService().registerEventTimeTimer(end + latenessMs);
                }
            }
            if (end + latenessMs <= watermark) {
                done.add(minute);
            }
        }
        apply(minutes, done, changed);
    }

    /** Adds a second's new content (its row) and its peers into its minute. */
    private void intoMinute(MetricKey key, long sec, Bucket second, MetricPartial row, long watermark, OnTimerContext ctx) throws Exception {
        long minute = Math.floorDiv(sec, 60) * 60;
        Bucket m = minutes.get(minute);
        if (m == null) {
            m = new Bucket();
        }
        if (row != null) {
            m.acc.addRow(row);
        }
        int before = m.acc.all.size();
        m.acc.all.addAll(second.acc.all);
        if (row == null && m.acc.all.size() == before) {
            return;
        }
        m.dirty = true;
        minutes.put(minute, m);
        long end = minuteEnd(minute);
        if (end > watermark) {
            ctx.timerService().registerEventTimeTimer(end);
        }
        // a minute already past its end is swept right after the seconds, by this same timer
    }

    private static void apply(MapState<Long, Bucket> state, List<Long> done, List<Map.Entry<Long, Bucket>> changed) throws Exception {
        for (Map.Entry<Long, Bucket> e : changed) {
            if (!done.contains(e.getKey())) {
                state.put(e.getKey(), e.getValue());
            }
        }
        for (Long k : done) {
            state.remove(k);
        }
    }
}
