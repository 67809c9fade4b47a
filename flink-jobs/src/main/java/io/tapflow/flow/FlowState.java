package io.tapflow.flow;

/**
 * Everything the engine remembers about one live flow. A Flink POJO (public fields, no-arg
 * constructor) so that keyed state serialises it without Kryo. Per-side arrays are indexed by
 * {@link #CLIENT} and {@link #SERVER}, decided when the flow starts (part-3 §3.8).
 *
 * <p>Fields named {@code *Interval*} or the per-side counters without {@code total} cover the
 * current record only and are cleared after each report; the rest live as long as the flow.
 */
public class FlowState {
    public static final int CLIENT = 0;
    public static final int SERVER = 1;
    /** Data segments remembered per side for retransmission detection. */
    public static final int RETRANS_HISTORY = 8;

    // identity, copied from the first batch
    public String agentId;
    public int tapType;
    public long tapPort;
    public String tapPortName;
    public int flowSource;
    public int ipVersion;
    public byte[] ipClient;
    public byte[] ipServer;
    public int portClient;
    public int portServer;
    public int protocol;
    public int vlan;
    public long macClient;
    public long macServer;
    public int tunnelType;
    public long tunnelId;
    public byte[] tunnelIpSrc;
    public byte[] tunnelIpDst;
    public int tunnelDepth;
    /** The key's source (first packet's sender) is the client. */
    public boolean clientIsKeySrc;
    public int directionSource;

    // lifecycle
    public long flowId;
    public long firstTs;
    public long lastTs;
    public long recordStartTs;
    /** Next report boundary (end of the current reporting period). */
    public long reportBoundaryTs;
    public int state;
    public boolean newFlow;
    public boolean rstByClient;
    public boolean rstSeen;
    public boolean payloadSinceHandshake;
    public boolean[] seen = new boolean[2];
    /** Event-time timer currently registered for this flow, 0 if none. */
    public long timerTs;

    /** Counters of the current flow-log record's interval. */
    public FlowCounters record = new FlowCounters();
    /** Counters of the current meter second ({@link #meterSecond}). */
    public FlowCounters second = new FlowCounters();
    /** The second (epoch seconds) the {@link #second} counters belong to; -1 = nothing pending. */
    public long meterSecond = -1;
    /** The pending meter second is the first of a minute and the flow was alive at its start. */
    public boolean meterAliveAtMinuteStart;
    // counters since the flow began
    public long[] totalPackets = new long[2];
    public long[] totalBytes = new long[2];
    public int[] flagsOr = new int[2];

    /** Application-protocol state (TCP and UDP flows), null for other protocols. */
    public io.tapflow.l7.L7Session l7;

    /** Handshake RTT of the flow (µs), 0 until measured. */
    public long rtt;

    // handshake tracking
    public boolean synSeen;
    public long firstSynTs;
    public long lastSynTs;
    public long lastSynSeq;
    public boolean synAckSeen;
    public long lastSynAckTs;
    public long lastSynAckSeq;
    public boolean rttServerMeasured;
    public boolean handshakeMeasured;

    // request/response tracking for srt and art
    public long requestLastTs;
    public boolean srtPending;
    public boolean artPending;

    // retransmission and keep-alive tracking, per side
    /** Ring of (seq << 16 | min(len, 0xFFFF)) of recent data segments, RETRANS_HISTORY per side. */
    public long[] segmentHistory = new long[2 * RETRANS_HISTORY];
    public int[] segmentHistoryNext = new int[2];
    public int[] segmentHistorySize = new int[2];
    /** Sequence number expected next from each side (seq + payload), -1 = unknown. */
    public long[] nextSeq = {-1, -1};

    public FlowState() {}

    public TcpState tcpState() {
        return TcpState.of(state);
    }

    /** Clears the per-record counters after a report; the next record starts at {@code startTs}. */
    public void startNextRecord(long startTs) {
        recordStartTs = startTs;
        newFlow = false;
        record.clear();
    }
}
