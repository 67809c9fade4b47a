package io.tapflow.metrics;

import static io.tapflow.metrics.MetricColumns.*;

import io.tapflow.flow.FlowCounters;
import io.tapflow.l7.L7Counters;

/**
 * The mutable state of one bucket (tag set × second or minute), updated in place for every
 * document, so the reduce allocates nothing per element (heap state keeps the object; peer sets grow
 * only for new peers). Active connections are distinct 4-tuples (client IP, server IP, protocol, server port;
 * part-3 §3.7); the key fixes all but the peer address, so they are distinct peers:
 * <ul>
 *   <li>1 s: peers of documents with traffic in the second or alive at the minute's first second
 *       ({@link #active});</li>
 *   <li>1 min: peers of every document of the minute, i.e. every connection alive during it, idle or
 *       not: the flow engine writes a meter at each minute start a flow lives across
 *       ({@link #all}, the union of the seconds' sets).</li>
 * </ul>
 * A Flink POJO.
 */
public class MetricAccumulator {
    private static final int TCP = 6;

    public long[] sums = new long[SUMS.size()];
    public long[] maxes = new long[MAXES.size()];
    public PeerSet active = new PeerSet();
    public PeerSet all = new PeerSet();

    public MetricAccumulator() {}

    /** Adds one flow-second. */
    public void add(MetricDoc d) {
        if (d.l7 != null) {
            addApplication(d.l7);
            return;
        }
        FlowCounters c = d.counters;
        long[] s = sums;
        s[PACKET_TX] += c.packets[0];
        s[PACKET_RX] += c.packets[1];
        s[BYTE_TX] += c.bytes[0];
        s[BYTE_RX] += c.bytes[1];
        s[L4_BYTE_TX] += c.l4Bytes[0];
        s[L4_BYTE_RX] += c.l4Bytes[1];
        s[NEW_FLOW] += d.newFlow;
        s[CLOSED_FLOW] += d.closed;
        s[SYN_COUNT] += c.synCount;
        s[SYNACK_COUNT] += c.synAckCount;
        s[RETRANS_TX] += c.retrans[0];
        s[RETRANS_RX] += c.retrans[1];
        s[ZERO_WIN_TX] += c.zeroWin[0];
        s[ZERO_WIN_RX] += c.zeroWin[1];
        if (d.closed != 0 && d.key.protocol == TCP) {
            int reason = closeReasonColumn(d.closeType);
            if (reason >= 0) {
                s[reason]++;
            }
        }
        s[RTT_SUM] += c.rttSum;
        s[RTT_COUNT] += c.rttCount;
        s[RTT_CLIENT_SUM] += c.rttClientSum;
        s[RTT_CLIENT_COUNT] += c.rttClientCount;
        s[RTT_SERVER_SUM] += c.rttServerSum;
        s[RTT_SERVER_COUNT] += c.rttServerCount;
        s[SRT_SUM] += c.srtSum;
        s[SRT_COUNT] += c.srtCount;
        s[ART_SUM] += c.artSum;
        s[ART_COUNT] += c.artCount;
        long[] m = maxes;
        m[RTT_MAX] = Math.max(m[RTT_MAX], c.rttMax);
        m[RTT_CLIENT_MAX] = Math.max(m[RTT_CLIENT_MAX], c.rttClientMax);
        m[RTT_SERVER_MAX] = Math.max(m[RTT_SERVER_MAX], c.rttServerMax);
        m[SRT_MAX] = Math.max(m[SRT_MAX], c.srtMax);
        m[ART_MAX] = Math.max(m[ART_MAX], c.artMax);
        all.add(d.peerHi, d.peerLo);
        if (d.active != 0) {
            active.add(d.peerHi, d.peerLo);
        }
    }

    /** Application families: the same arrays with the application columns (MetricColumns.APPLICATION_*). */
    private void addApplication(L7Counters l7) {
        long[] s = sums;
        s[L7_REQUEST] += l7.request;
        s[L7_RESPONSE] += l7.response;
        s[L7_CLIENT_ERROR] += l7.clientError;
        s[L7_SERVER_ERROR] += l7.serverError;
        s[L7_SERVER_TIMEOUT] += l7.timeout;
        s[RRT_SUM] += l7.rrtSum;
        s[RRT_COUNT] += l7.rrtCount;
        maxes[RRT_MAX] = Math.max(maxes[RRT_MAX], l7.rrtMax);
    }

    /** Adds a 1 s row (its counters; the peers come separately) into a minute. */
    public void addRow(MetricPartial p) {
        for (int i = 0; i < sums.length; i++) {
            sums[i] += p.sums[i];
        }
        for (int i = 0; i < maxes.length; i++) {
            maxes[i] = Math.max(maxes[i], p.maxes[i]);
        }
    }
}
