package io.tapflow.flow;

import io.tapflow.l7.L7AnomalyCounters;
import io.tapflow.l7.L7Engine;
import io.tapflow.packet.batch.PacketCursor;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.PacketBatch;

/**
 * The per-flow-key engine, free of Flink so it can be tested and benchmarked directly: feeds the
 * packets of a batch to the flow's state, opens and ends flows, and writes the L4 records: a final
 * one when a flow ends and a forced report (close_type 5) at every reporting boundary it lives
 * across.
 *
 * <p>Time is capture time only. A packet that arrives after its flow's timeout ends the old flow
 * exactly as the timer would have, so the records do not depend on when watermarks or timers fire:
 * the same capture always gives the same records.
 */
public final class FlowEngine {
    private final FlowTracker tracker;
    private final FlowRecordWriter writer = new FlowRecordWriter();
    private final L7Engine l7;
    private final long reportIntervalUs;

    public FlowEngine(FlowEngineConfig config) {
        this.tracker = new FlowTracker(config);
        this.l7 = new L7Engine(config.l7());
        this.reportIntervalUs = config.reportIntervalUs();
    }

    /** Malformed or hostile application payloads seen so far, by reason. */
    public L7AnomalyCounters l7Anomalies() {
        return l7.anomalies();
    }

    /**
     * Applies every packet of the batch (the cursor must have been {@code reset} to it).
     *
     * @param s the flow's state, or null when none is live
     * @return the state to keep, or null when no flow is live after the batch
     */
    public FlowState onBatch(FlowState s, PacketBatch batch, PacketCursor cursor, EngineOutput out) {
        while (cursor.next()) {
            long ts = cursor.timestampUs();
            if (s != null) {
                s = advance(s, ts, out);
            }
            if (s == null) {
                s = open(batch, cursor);
            }
            FlowMeters.roll(s, ts, out);
            int result = tracker.apply(s, cursor);
            if (result == FlowTracker.NEW_FLOW || result == FlowTracker.PORT_REUSED) {
                end(s, result == FlowTracker.PORT_REUSED ? CloseType.CLIENT_SOURCE_PORT_REUSE : tracker.endCloseType(s), ts, out);
                s = open(batch, cursor);
                FlowMeters.roll(s, ts, out);
                result = tracker.apply(s, cursor);
            }
            inspect(s, cursor, ts, out);
            if (result == FlowTracker.CLOSED) {
                end(s, CloseType.TCP_FIN, ts, out);
                s = null;
            }
        }
        return s;
    }

    private FlowState open(PacketBatch batch, PacketCursor cursor) {
        FlowState s = new FlowState();
        tracker.open(s, batch, cursor);
        if (s.protocol == FlowTracker.TCP || s.protocol == FlowTracker.UDP) {
            s.l7 = l7.open(s.flowId, s.protocol);
        }
        return s;
    }

    /** Hands the packet to the application-protocol parsers while they still want the flow's payload. */
    private void inspect(FlowState s, PacketCursor cursor, long ts, EngineOutput out) {
        if (s.l7 == null || !s.l7.wantsPayload()) {
            return;
        }
        boolean fromClient = (cursor.direction() == 0) == s.clientIsKeySrc;
        FlowState flow = s;
        l7.onPacket(s.l7, fromClient, ts, cursor.tcpFlags(), cursor.seq(), cursor.payloadLength(), cursor.payload(),
                r -> out.l7(writer.identify(r, flow)));
        s.l7.counters.drainInto(s.record.l7, s.second.l7);
    }

    /**
     * Brings the flow to capture time {@code now}: forced reports for every boundary passed before
     * the flow's timeout, then the final record if it timed out.
     *
     * @return the state, or null when the flow ended
     */
    public FlowState advance(FlowState s, long now, EngineOutput out) {
        long timeoutAt = s.lastTs + tracker.timeoutUs(s);
        long reportUntil = Math.min(now, timeoutAt - 1);
        while (nextReportUs(s) <= reportUntil) {
            long boundary = s.reportBoundaryTs;
            out.record(writer.write(s, CloseType.FORCED_REPORT, boundary));
            s.startNextRecord(boundary);
            s.reportBoundaryTs = boundary + reportIntervalUs;
            FlowMeters.roll(s, boundary, out);
            s.meterAliveAtMinuteStart = true;
        }
        if (now >= timeoutAt) {
            end(s, tracker.endCloseType(s), now, out);
            return null;
        }
        FlowMeters.flushIfOver(s, now, out);
        return s;
    }

    /** When the flow next needs attention without new packets: timeout, next report or end of its meter second. */
    public long nextWakeUpUs(FlowState s) {
        return Math.min(Math.min(s.lastTs + tracker.timeoutUs(s), nextReportUs(s)), FlowMeters.dueUs(s));
    }

    /** The next forced report; none for a flow already closed by FIN, which only waits for stray packets. */
    private static long nextReportUs(FlowState s) {
        return s.state == TcpState.CLOSED_FIN.ordinal() ? Long.MAX_VALUE : s.reportBoundaryTs;
    }

    /** Ends the flow at {@code nowUs}, whatever its state (eviction): close_type as if it timed out. */
    public void forceEnd(FlowState s, long nowUs, EngineOutput out) {
        end(s, tracker.endCloseType(s), nowUs, out);
    }

    private void end(FlowState s, int closeType, long nowUs, EngineOutput out) {
        if (s.l7 != null) {
            // requests still waiting for an answer become timeouts, counted in the final record
            l7.onFlowEnd(s.l7, Math.max(s.lastTs, s.recordStartTs), r -> out.l7(writer.identify(r, s)));
            s.l7.counters.drainInto(s.record.l7, s.second.l7);
        }
        out.record(writer.write(s, closeType, Math.max(s.lastTs, s.recordStartTs)));
        FlowMeters.close(s, nowUs, closeType, out);
    }
}
