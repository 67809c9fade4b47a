package io.tapflow.flow;

/**
 * One flow's activity in one second: the input of the metrics rollup (map → shuffle → reduce).
 * Emitted when the flow moves to a later second, at the end of that second by timer, when the flow
 * ends, and at each minute boundary the flow lives across (with {@link #aliveAtMinuteStart}, for the
 * manual's 1 s active-connection rule). A Flink POJO.
 *
 * <p>{@code closed} is counted at the second the engine learns the flow ended (the FIN close, the new
 * connection that replaced it, or its timeout), not at its last packet: a timeout is only known
 * timeout-seconds later, and metrics must not go back in time.
 */
public class FlowMeter {
    /** The second, epoch seconds (UTC). */
    public long timeSec;
    public long flowId;
    public String agentId;
    public int tapType;
    public long tapPort;
    public int protocol;
    public int ipVersion;
    public byte[] ipClient;
    public byte[] ipServer;
    public int clientPort;
    public int serverPort;
    public int vlan;
    public long macClient;
    public long macServer;
    public int tunnelType;
    public long tunnelId;
    /** 1 = the flow's first packet is in this second. */
    public int newFlow;
    /** 1 = the engine ended the flow in this second; {@link #closeType} says why. */
    public int closed;
    public int closeType;
    /** 1 = this second starts a reporting period (minute) and the flow was alive at its start. */
    public int aliveAtMinuteStart;
    /** The flow's application protocol code (l7_protocol of the flow log), 0 = none recognised. */
    public int l7Protocol;
    /** The second's counters; {@code counters.l7} holds its application requests, errors and rrt. */
    public FlowCounters counters;

    public FlowMeter() {}
}
