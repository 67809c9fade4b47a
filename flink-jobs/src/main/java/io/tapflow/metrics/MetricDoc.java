package io.tapflow.metrics;

import io.tapflow.flow.FlowCounters;
import io.tapflow.l7.L7Counters;

/**
 * One flow-second seen from one tag set: what the map step makes of a {@link io.tapflow.flow.FlowMeter}
 * for each family it belongs to (client side, server side, edge; network, and application when the
 * second has L7 activity), and what the reduce folds.
 * The three documents of a meter share its {@link FlowCounters}: they are serialized at the shuffle,
 * never mutated. A Flink POJO.
 */
public class MetricDoc {
    /** The tag set; must not change once the document has been hashed (keyBy). */
    public MetricKey key;
    /** The second, epoch seconds. */
    public long timeSec;
    /**
     * The address on the other side of the 4-tuple (client IP, server IP, protocol, server port) the
     * key leaves open: the server for client-side rows, the client for server-side rows, nothing for
     * edge rows. Active connections are the distinct peers (part-3 §3.7).
     */
    public long peerHi;
    public long peerLo;
    /** 1 = the flow's first packet is in this second. */
    public int newFlow;
    /** 1 = the flow ended in this second; {@link #closeType} says why. */
    public int closed;
    public int closeType;
    /** 1 = counts for the 1 s active connections: traffic in the second, or alive at the minute's first second. */
    public int active;
    public FlowCounters counters;
    /** The second's application counters (application families only; null in the network ones). */
    public L7Counters l7;

    public MetricDoc() {}
}
