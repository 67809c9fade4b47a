package io.tapflow.flow;

import io.tapflow.deadletter.DeadLetters;
import io.tapflow.packet.batch.MalformedBatchException;
import io.tapflow.packet.batch.PacketCursor;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.L7FlowLog;
import io.tapflow.schema.PacketBatch;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Runs the {@link FlowEngine} per conversation in keyed state. Flow timeouts and minute reports are
 * event-time timers at capture time, so a bounded replay ends every flow when the input ends
 * (watermark at +inf) and produces the same records every time. Malformed batches go to the
 * {@link DeadLetters#TAG} side output with the reason, and are counted.
 */
public class FlowEngineFunction extends KeyedProcessFunction<String, PacketBatch, L4FlowLog> {
    private static final long serialVersionUID = 1L;
    /** Side output of the per-flow per-second meters, the input of the metrics rollup. */
    public static final OutputTag<FlowMeter> METERS = new OutputTag<>("flow-meters") {};
    /** Side output of the application request/response records. */
    public static final OutputTag<L7FlowLog> L7_RECORDS = new OutputTag<>("l7-records") {};
    /** Accumulator counting the flow-log records written, read by the replay command. */
    public static final String RECORDS_ACCUMULATOR = "tapflow.flow_log_records";
    /** Accumulator counting the L7 records written. */
    public static final String L7_ACCUMULATOR = "tapflow.l7_records";

    private final FlowEngineConfig config;
    private transient ValueState<FlowState> flows;
    private transient FlowEngine engine;
    private transient PacketCursor cursor;
    private transient Counter batchesIn;
    private transient Counter packetsIn;
    private transient Counter malformedBatches;
    private transient Counter recordsOut;
    private transient LongCounter recordsTotal;
    private transient LongCounter l7Total;

    public FlowEngineFunction(FlowEngineConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        flows = getRuntimeContext().getState(new ValueStateDescriptor<>("flow", TypeInformation.of(FlowState.class)));
        engine = new FlowEngine(config);
        cursor = new PacketCursor();
        var metrics = getRuntimeContext().getMetricGroup().addGroup("tapflow").addGroup("flow_engine");
        batchesIn = metrics.counter("batches_in");
        packetsIn = metrics.counter("packets_in");
        malformedBatches = metrics.counter("malformed_batches");
        recordsOut = metrics.counter("records_out");
        var l7 = metrics.addGroup("l7");
        for (io.tapflow.l7.L7Anomaly a : io.tapflow.l7.L7Anomaly.values()) {
            l7.gauge(a.metricName(), (org.apache.flink.metrics.Gauge<Long>) () -> engine.l7Anomalies().get(a));
        }
        recordsTotal = new LongCounter();
        getRuntimeContext().addAccumulator(RECORDS_ACCUMULATOR, recordsTotal);
        l7Total = new LongCounter();
        getRuntimeContext().addAccumulator(L7_ACCUMULATOR, l7Total);
    }

    @Override
    public void processElement(PacketBatch batch, Context ctx, Collector<L4FlowLog> out) throws Exception {
        batchesIn.inc();
        try {
            cursor.reset(batch);
        } catch (MalformedBatchException e) {
            malformedBatches.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.fromFile("flow-engine", batch.getCaptureInterface(), -1,
                    DeadLetters.INVALID_PACKET_BATCH, e.reasonCode() + ": " + e.getMessage() + " (agent "
                            + batch.getAgentId() + ", batch_seq " + batch.getBatchSeq() + ")", null));
            return;
        }
        packetsIn.inc(batch.getPacketCount());
        FlowState s = engine.onBatch(flows.value(), batch, cursor, output(ctx, out));
        keep(s, ctx);
    }

    @Override
    public void onTimer(long timestampMs, OnTimerContext ctx, Collector<L4FlowLog> out) throws Exception {
        FlowState s = flows.value();
        if (s == null) {
            return;
        }
        if (s.timerTs == timestampMs) {
            s.timerTs = 0;
        }
        s = engine.advance(s, timestampMs * 1000L, output(ctx, out));
        keep(s, ctx);
    }

    private EngineOutput output(Context ctx, Collector<L4FlowLog> out) {
        return new EngineOutput() {
            @Override
            public void record(L4FlowLog record) {
                recordsOut.inc();
                recordsTotal.add(1L);
                out.collect(record);
            }

            @Override
            public void meter(FlowMeter meter) {
                ctx.output(METERS, meter);
            }

            @Override
            public void l7(L7FlowLog record) {
                l7Total.add(1L);
                ctx.output(L7_RECORDS, record);
            }
        };
    }

    /**
     * Stores the state and makes sure a timer is due no later than the flow's next wake-up. Timers
     * are only added, never deleted: one that fires early finds nothing due and re-arms itself.
     */
    private void keep(FlowState s, Context ctx) throws Exception {
        if (s == null) {
            flows.clear();
            return;
        }
        long wakeMs = Math.floorDiv(engine.nextWakeUpUs(s) + 999, 1000);
        if (s.timerTs == 0 || wakeMs < s.timerTs) {
            ctx.timerService().registerEventTimeTimer(wakeMs);
            s.timerTs = wakeMs;
        }
        flows.update(s);
    }
}
