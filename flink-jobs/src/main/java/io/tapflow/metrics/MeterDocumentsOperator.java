package io.tapflow.metrics;

import io.tapflow.flow.FlowMeter;
import java.io.Serializable;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The map step as an operator: writes each meter's documents with the event time of their second
 * and forwards the upstream watermarks untouched. A timestamp assigner cannot do this (it replaces
 * the watermarks), and a process function keeps the input's timestamp, which for meters is the
 * packet batch's or the engine timer's time, not the meter's second.
 *
 * <p>A document of second s gets timestamp (s + 1) * 1000 ms: the end of its bucket, which is both
 * the instant the flow engine's timer flushes that second and the event time its bucket fires at in
 * {@link RollupFunction}. The engine forwards a watermark only after its timers ran, so the meters
 * a watermark flushes always reach the reduce before that watermark does.
 *
 * @param <IN> {@link FlowMeter} or {@link EnrichedMeter}
 */
final class MeterDocumentsOperator<IN> extends AbstractStreamOperator<MetricDoc> implements OneInputStreamOperator<IN, MetricDoc> {
    private static final long serialVersionUID = 1L;

    /** Reads an input element as an enriched meter, possibly into {@code reuse}. */
    interface Input<IN> extends Serializable {
        EnrichedMeter read(IN element, EnrichedMeter reuse);
    }

    static final Input<FlowMeter> PLAIN = (meter, reuse) -> {
        reuse.meter = meter;
        reuse.l7Protocol = meter.l7Protocol;
        reuse.l7 = meter.counters.l7;
        return reuse;
    };
    static final Input<EnrichedMeter> ENRICHED = (meter, reuse) -> meter;

    private final Input<IN> input;
    private transient EnrichedMeter reuse;
    private transient StreamRecord<MetricDoc> out;

    MeterDocumentsOperator(Input<IN> input) {
        this.input = input;
    }

    /** Event time of a document of second {@code timeSec}, ms. */
    static long timestampOf(long timeSec) {
        return (timeSec + 1) * 1000;
    }

    @Override
    public void open() throws Exception {
        super.open();
        reuse = new EnrichedMeter();
        out = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<IN> element) {
        MeterDocuments.map(input.read(element.getValue(), reuse), doc -> output.collect(out.replace(doc, timestampOf(doc.timeSec))));
    }
}
