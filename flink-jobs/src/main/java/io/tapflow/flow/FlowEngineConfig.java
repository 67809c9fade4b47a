package io.tapflow.flow;

import io.tapflow.l7.L7Config;
import java.io.Serializable;
import java.time.Duration;

/**
 * Timeouts, latency caps and reporting period of the flow engine. Defaults are the manual's
 * (part-3 §3.2 and §3.4); every value can be changed through {@link Builder}.
 */
public final class FlowEngineConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** OPENING-class states (handshake, resets, exceptions): 5 s. */
    public static final Duration DEFAULT_OPENING_TIMEOUT = Duration.ofSeconds(5);
    /** ESTABLISHED and SYN/ACK-1: 300 s. */
    public static final Duration DEFAULT_ESTABLISHED_TIMEOUT = Duration.ofSeconds(300);
    /** CLOSING states: 35 s. */
    public static final Duration DEFAULT_CLOSING_TIMEOUT = Duration.ofSeconds(35);
    /**
     * After the last ACK of a FIN close: 1 s, so that stray packets right after the close (a late
     * ACK, a retransmitted FIN) stay in their flow instead of opening a junk flow. 0 reports at once.
     */
    public static final Duration DEFAULT_CLOSED_TIMEOUT = Duration.ofSeconds(1);
    /** Non-TCP flows with packets in one direction only: 5 s. */
    public static final Duration DEFAULT_ONE_WAY_TIMEOUT = Duration.ofSeconds(5);
    /** Non-TCP flows with packets in both directions: 35 s. */
    public static final Duration DEFAULT_TWO_WAY_TIMEOUT = Duration.ofSeconds(35);
    /** Handshake latencies (rtt, rtt_client, rtt_server) above this are discarded: 30 s. */
    public static final Duration DEFAULT_RTT_CAP = Duration.ofSeconds(30);
    /** System latency (srt) cap: 10 s. */
    public static final Duration DEFAULT_SRT_CAP = Duration.ofSeconds(10);
    /** Application latency (art) cap: 30 s. */
    public static final Duration DEFAULT_ART_CAP = Duration.ofSeconds(30);
    /** Long flows are reported at every boundary of this period (aligned to the epoch): 60 s. */
    public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofSeconds(60);

    private final long[] timeoutUs = new long[TimeoutClass.values().length];
    private final long oneWayTimeoutUs;
    private final long twoWayTimeoutUs;
    private final long rttCapUs;
    private final long srtCapUs;
    private final long artCapUs;
    private final long reportIntervalUs;
    private final L7Config l7;

    private FlowEngineConfig(Builder b) {
        timeoutUs[TimeoutClass.OPENING.ordinal()] = micros(b.opening);
        timeoutUs[TimeoutClass.ESTABLISHED.ordinal()] = micros(b.established);
        timeoutUs[TimeoutClass.CLOSING.ordinal()] = micros(b.closing);
        timeoutUs[TimeoutClass.CLOSED.ordinal()] = micros(b.closed);
        oneWayTimeoutUs = micros(b.oneWay);
        twoWayTimeoutUs = micros(b.twoWay);
        rttCapUs = micros(b.rttCap);
        srtCapUs = micros(b.srtCap);
        artCapUs = micros(b.artCap);
        reportIntervalUs = micros(b.reportInterval);
        l7 = b.l7;
        if (reportIntervalUs <= 0) {
            throw new IllegalArgumentException("report interval must be positive, got " + b.reportInterval);
        }
    }

    private static long micros(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative, got " + d);
        }
        return d.toNanos() / 1000;
    }

    public static FlowEngineConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public long timeoutUs(TimeoutClass c) { return timeoutUs[c.ordinal()]; }
    public long oneWayTimeoutUs() { return oneWayTimeoutUs; }
    public long twoWayTimeoutUs() { return twoWayTimeoutUs; }
    public long rttCapUs() { return rttCapUs; }
    public long srtCapUs() { return srtCapUs; }
    public long artCapUs() { return artCapUs; }
    public long reportIntervalUs() { return reportIntervalUs; }
    /** Application-protocol parsing (docs/l7.md). */
    public L7Config l7() { return l7; }

    /** Builder with the manual's defaults. */
    public static final class Builder {
        private Duration opening = DEFAULT_OPENING_TIMEOUT;
        private Duration established = DEFAULT_ESTABLISHED_TIMEOUT;
        private Duration closing = DEFAULT_CLOSING_TIMEOUT;
        private Duration closed = DEFAULT_CLOSED_TIMEOUT;
        private Duration oneWay = DEFAULT_ONE_WAY_TIMEOUT;
        private Duration twoWay = DEFAULT_TWO_WAY_TIMEOUT;
        private Duration rttCap = DEFAULT_RTT_CAP;
        private Duration srtCap = DEFAULT_SRT_CAP;
        private Duration artCap = DEFAULT_ART_CAP;
        private Duration reportInterval = DEFAULT_REPORT_INTERVAL;
        private L7Config l7 = L7Config.defaults();

        public Builder openingTimeout(Duration d) { opening = d; return this; }
        public Builder establishedTimeout(Duration d) { established = d; return this; }
        public Builder closingTimeout(Duration d) { closing = d; return this; }
        public Builder closedTimeout(Duration d) { closed = d; return this; }
        public Builder oneWayTimeout(Duration d) { oneWay = d; return this; }
        public Builder twoWayTimeout(Duration d) { twoWay = d; return this; }
        public Builder rttCap(Duration d) { rttCap = d; return this; }
        public Builder srtCap(Duration d) { srtCap = d; return this; }
        public Builder artCap(Duration d) { artCap = d; return this; }
        public Builder reportInterval(Duration d) { reportInterval = d; return this; }
        public Builder l7(L7Config c) { l7 = c; return this; }

        public FlowEngineConfig build() {
            return new FlowEngineConfig(this);
        }
    }
}
