package io.tapflow.flow;

/** Rolls and writes a flow's per-second meters (see {@link FlowMeter}). */
final class FlowMeters {
    private static final long SECOND_US = 1_000_000L;

    private FlowMeters() {}

    /** Makes {@code nowUs}'s second the pending one, writing the previous pending second first. */
    static void roll(FlowState s, long nowUs, EngineOutput out) {
        long sec = Math.floorDiv(nowUs, SECOND_US);
        if (s.meterSecond == sec) {
            return;
        }
        if (s.meterSecond >= 0) {
            write(s, false, 0, out);
        }
        s.meterSecond = sec;
    }

    /** Writes the pending second if capture time has moved past it. */
    static void flushIfOver(FlowState s, long nowUs, EngineOutput out) {
        if (s.meterSecond >= 0 && nowUs >= (s.meterSecond + 1) * SECOND_US) {
            write(s, false, 0, out);
        }
    }

    /** End of the pending second, µs; Long.MAX_VALUE when none is pending. */
    static long dueUs(FlowState s) {
        return s.meterSecond < 0 ? Long.MAX_VALUE : (s.meterSecond + 1) * SECOND_US;
    }

    /** The flow ended at {@code nowUs}: its last meter, marked closed. */
    static void close(FlowState s, long nowUs, int closeType, EngineOutput out) {
        roll(s, nowUs, out);
        write(s, true, closeType, out);
    }

    private static void write(FlowState s, boolean closed, int closeType, EngineOutput out) {
        FlowMeter m = new FlowMeter();
        m.timeSec = s.meterSecond;
        m.flowId = s.flowId;
        m.agentId = s.agentId;
        m.tapType = s.tapType;
        m.tapPort = s.tapPort;
        m.protocol = s.protocol;
        m.ipVersion = s.ipVersion;
        m.ipClient = s.ipClient;
        m.ipServer = s.ipServer;
        m.clientPort = s.portClient;
        m.serverPort = s.portServer;
        m.vlan = s.vlan;
        m.macClient = s.macClient;
        m.macServer = s.macServer;
        m.tunnelType = s.tunnelType;
        m.tunnelId = s.tunnelId;
        m.newFlow = Math.floorDiv(s.firstTs, SECOND_US) == s.meterSecond ? 1 : 0;
        m.closed = closed ? 1 : 0;
        m.closeType = closeType;
        m.aliveAtMinuteStart = s.meterAliveAtMinuteStart ? 1 : 0;
        m.l7Protocol = s.l7 == null ? 0 : s.l7.protocol;
        m.counters = s.second;
        out.meter(m);
        s.second = new FlowCounters();
        s.meterSecond = -1;
        s.meterAliveAtMinuteStart = false;
    }
}
