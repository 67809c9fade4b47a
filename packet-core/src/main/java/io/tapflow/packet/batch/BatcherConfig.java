package io.tapflow.packet.batch;

import java.net.InetAddress;

/**
 * Settings of a {@link FlowBatcher}. Immutable; build with {@link #builder()}. Defaults:
 * <ul>
 *   <li>{@code agentId}: the host name ({@code HOSTNAME}, else the resolver's local host name).</li>
 *   <li>{@code tapType} = 3 (cloud network: a virtual interface on a host, the manual's code).</li>
 *   <li>{@code tapPort} = 0; {@code captureInterface} = "" (set to the interface or file name).</li>
 *   <li>{@code maxPacketsPerBatch} = 512: bounds a batch to a few tens of KB on the wire.</li>
 *   <li>{@code flushIntervalUs} = 1 s of packet time after a flow's first pending packet: the flow
 *       engine's finest period is 1 s, so no batch straddles more than two of its windows.</li>
 *   <li>{@code idleTimeoutUs} = 300 s: an open TCP flow's entry with no packet for this long is
 *       forgotten (the state machine's established timeout, manual part-3 §3.4), at the latest one
 *       more timeout later (the queues are checked lazily).</li>
 *   <li>{@code closedTimeoutUs} = 5 s for a TCP flow closed by RST or by FINs both ways: long enough
 *       for the last ACK and retransmitted FINs, short enough that finished conversations do not
 *       fill the table (the manual's 5 s for reset states).</li>
 *   <li>{@code nonTcpIdleTimeoutUs} = 35 s for UDP, ICMP and other protocols (the manual's non-TCP
 *       timeout with packets both ways).</li>
 *   <li>{@code maxFlows} = 500 000 flow entries (an idle entry costs ~300 bytes; pending packets
 *       live in pooled builders); beyond it the least recently seen flow is evicted and counted.</li>
 *   <li>{@code payloadPrefixBytes} = 256 first bytes of L4 payload kept per payload packet; 0 disables.</li>
 * </ul>
 */
public final class BatcherConfig {
    private final String agentId;
    private final int tapType;
    private final long tapPort;
    private final String captureInterface;
    private final int maxPacketsPerBatch;
    private final long flushIntervalUs;
    private final long idleTimeoutUs;
    private final long closedTimeoutUs;
    private final long nonTcpIdleTimeoutUs;
    private final int maxFlows;
    private final int payloadPrefixBytes;

    private BatcherConfig(Builder b) {
        this.agentId = b.agentId != null ? b.agentId : defaultAgentId();
        this.tapType = b.tapType;
        this.tapPort = b.tapPort;
        this.captureInterface = b.captureInterface;
        this.maxPacketsPerBatch = b.maxPacketsPerBatch;
        this.flushIntervalUs = b.flushIntervalUs;
        this.idleTimeoutUs = b.idleTimeoutUs;
        this.closedTimeoutUs = b.closedTimeoutUs;
        this.nonTcpIdleTimeoutUs = b.nonTcpIdleTimeoutUs;
        this.maxFlows = b.maxFlows;
        this.payloadPrefixBytes = b.payloadPrefixBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static BatcherConfig defaults() {
        return builder().build();
    }

    static String defaultAgentId() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "tapflow-agent";
        }
    }

    public String agentId() { return agentId; }
    public int tapType() { return tapType; }
    public long tapPort() { return tapPort; }
    public String captureInterface() { return captureInterface; }
    public int maxPacketsPerBatch() { return maxPacketsPerBatch; }
    public long flushIntervalUs() { return flushIntervalUs; }
    public long idleTimeoutUs() { return idleTimeoutUs; }
    public long closedTimeoutUs() { return closedTimeoutUs; }
    public long nonTcpIdleTimeoutUs() { return nonTcpIdleTimeoutUs; }
    public int maxFlows() { return maxFlows; }
    public int payloadPrefixBytes() { return payloadPrefixBytes; }

    /** A copy with a different capture interface (one batcher per interface or file). */
    public BatcherConfig withCaptureInterface(String name, long port) {
        return builder().from(this).captureInterface(name).tapPort(port).build();
    }

    @Override
    public String toString() {
        return "BatcherConfig{agentId=" + agentId + ", tapType=" + tapType + ", tapPort=" + tapPort
                + ", captureInterface=" + captureInterface + ", maxPacketsPerBatch=" + maxPacketsPerBatch
                + ", flushIntervalUs=" + flushIntervalUs + ", idleTimeoutUs=" + idleTimeoutUs
                + ", closedTimeoutUs=" + closedTimeoutUs + ", nonTcpIdleTimeoutUs=" + nonTcpIdleTimeoutUs
                + ", maxFlows=" + maxFlows + ", payloadPrefixBytes=" + payloadPrefixBytes + "}";
    }

    public static final class Builder {
        private String agentId;
        private int tapType = 3;
        private long tapPort = 0;
        private String captureInterface = "";
        private int maxPacketsPerBatch = 512;
        private long flushIntervalUs = 1_000_000L;
        private long idleTimeoutUs = 300_000_000L;
        private long closedTimeoutUs = 5_000_000L;
        private long nonTcpIdleTimeoutUs = 35_000_000L;
        private int maxFlows = 500_000;
        private int payloadPrefixBytes = 256;

        private Builder() {}

        public Builder from(BatcherConfig c) {
            agentId = c.agentId;
            tapType = c.tapType;
            tapPort = c.tapPort;
            captureInterface = c.captureInterface;
            maxPacketsPerBatch = c.maxPacketsPerBatch;
            flushIntervalUs = c.flushIntervalUs;
            idleTimeoutUs = c.idleTimeoutUs;
            closedTimeoutUs = c.closedTimeoutUs;
            nonTcpIdleTimeoutUs = c.nonTcpIdleTimeoutUs;
            maxFlows = c.maxFlows;
            payloadPrefixBytes = c.payloadPrefixBytes;
            return this;
        }

        public Builder agentId(String id) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("agentId must not be blank");
            }
            this.agentId = id;
            return this;
        }

        public Builder tapType(int type) {
            if (type < 1 || type > 255) {
                throw new IllegalArgumentException("tapType must be 1..255, got " + type);
            }
            this.tapType = type;
            return this;
        }

        public Builder tapPort(long port) {
            if (port < 0) {
                throw new IllegalArgumentException("tapPort must be >= 0, got " + port);
            }
            this.tapPort = port;
            return this;
        }

        public Builder captureInterface(String name) {
            this.captureInterface = name == null ? "" : name;
            return this;
        }

        public Builder maxPacketsPerBatch(int n) {
            if (n < 1 || n > 65536) {
                throw new IllegalArgumentException("maxPacketsPerBatch must be 1..65536, got " + n);
            }
            this.maxPacketsPerBatch = n;
            return this;
        }

        public Builder flushIntervalUs(long us) {
            if (us < 0) {
                throw new IllegalArgumentException("flushIntervalUs must be >= 0, got " + us);
            }
            this.flushIntervalUs = us;
            return this;
        }

        public Builder idleTimeoutUs(long us) {
            if (us <= 0) {
                throw new IllegalArgumentException("idleTimeoutUs must be > 0, got " + us);
            }
            this.idleTimeoutUs = us;
            return this;
        }

        public Builder closedTimeoutUs(long us) {
            if (us <= 0) {
                throw new IllegalArgumentException("closedTimeoutUs must be > 0, got " + us);
            }
            this.closedTimeoutUs = us;
            return this;
        }

        public Builder nonTcpIdleTimeoutUs(long us) {
            if (us <= 0) {
                throw new IllegalArgumentException("nonTcpIdleTimeoutUs must be > 0, got " + us);
            }
            this.nonTcpIdleTimeoutUs = us;
            return this;
        }

        public Builder maxFlows(int n) {
            if (n < 1 || n > (1 << 28)) {
                throw new IllegalArgumentException("maxFlows must be 1..268435456, got " + n);
            }
            this.maxFlows = n;
            return this;
        }

        public Builder payloadPrefixBytes(int n) {
            if (n < 0 || n > 65535) {
                throw new IllegalArgumentException("payloadPrefixBytes must be 0..65535, got " + n);
            }
            this.payloadPrefixBytes = n;
            return this;
        }

        public BatcherConfig build() {
            return new BatcherConfig(this);
        }
    }
}
