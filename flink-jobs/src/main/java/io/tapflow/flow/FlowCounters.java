package io.tapflow.flow;

/**
 * The additive counters of a flow over some interval: a flow-log record's, or one second's for the
 * meters. Per-side arrays are indexed by {@link FlowState#CLIENT} and {@link FlowState#SERVER}.
 * A Flink POJO.
 */
public class FlowCounters {
    public long[] packets = new long[2];
    public long[] bytes = new long[2];
    public long[] l4Bytes = new long[2];
    public long[] retrans = new long[2];
    public long[] zeroWin = new long[2];
    public long synCount;
    public long synAckCount;
    public long rttSum, rttCount, rttMax;
    public long rttClientSum, rttClientCount, rttClientMax;
    public long rttServerSum, rttServerCount, rttServerMax;
    public long srtSum, srtCount, srtMax;
    public long artSum, artCount, artMax;
    /** Application requests, responses, errors, timeouts and rrt of the interval. */
    public io.tapflow.l7.L7Counters l7 = new io.tapflow.l7.L7Counters();

    public FlowCounters() {}

    void packet(int side, int ipLength, int payloadLength) {
        packets[side]++;
        bytes[side] += ipLength;
        l4Bytes[side] += payloadLength;
    }

    void rtt(long v) { rttSum += v; rttCount++; rttMax = Math.max(rttMax, v); }
    void rttClient(long v) { rttClientSum += v; rttClientCount++; rttClientMax = Math.max(rttClientMax, v); }
    void rttServer(long v) { rttServerSum += v; rttServerCount++; rttServerMax = Math.max(rttServerMax, v); }
    void srt(long v) { srtSum += v; srtCount++; srtMax = Math.max(srtMax, v); }
    void art(long v) { artSum += v; artCount++; artMax = Math.max(artMax, v); }

    boolean isEmpty() {
        return packets[0] == 0 && packets[1] == 0;
    }

    void clear() {
        for (int i = 0; i < 2; i++) {
            packets[i] = 0;
            bytes[i] = 0;
            l4Bytes[i] = 0;
            retrans[i] = 0;
            zeroWin[i] = 0;
        }
        synCount = synAckCount = 0;
        rttSum = rttCount = rttMax = 0;
        rttClientSum = rttClientCount = rttClientMax = 0;
        rttServerSum = rttServerCount = rttServerMax = 0;
        srtSum = srtCount = srtMax = 0;
        artSum = artCount = artMax = 0;
        l7.clear();
    }
}
