package io.tapflow.packet.decode;

import java.util.Arrays;

/**
 * Decoder settings. Immutable; build with {@link #builder()}. Defaults:
 * <ul>
 *   <li>{@code vxlanPorts} = 4789 (IANA). Add 8472 for Linux kernel / flannel VXLAN.</li>
 *   <li>{@code genevePort} = 6081 (IANA).</li>
 *   <li>{@code dropOwnVxlan} = true: VXLAN whose flags byte is 0xff is the product's own
 *       distributed traffic and is dropped to avoid measuring it twice (manual part-1, L3315).</li>
 *   <li>{@code decapsulate} = true: tunnels are stripped and the inner packet is the flow; the
 *       outermost tunnel is kept as flow context. False: the outer packet is the flow.</li>
 *   <li>{@code maxTunnelDepth} = 4: more nested tunnels than this is {@link DecodeStatus#TUNNEL_TOO_DEEP}
 *       (nested VXLAN is depth 2; 4 leaves room for VXLAN in GRE in VLAN-tagged ERSPAN).</li>
 *   <li>{@code fragmentTableSize} = 4096 first fragments remembered (IP id → ports) so that later
 *       fragments join their flow; 0 disables (later fragments are then {@link DecodeStatus#FRAGMENT_ORPHAN}).</li>
 *   <li>{@code fragmentTimeoutUs} = 30 s (Linux {@code ipfrag_time}): a later fragment must come within
 *       this time of the first.</li>
 * </ul>
 */
public final class DecoderConfig {
    private final int[] vxlanPorts;
    private final int genevePort;
    private final boolean dropOwnVxlan;
    private final boolean decapsulate;
    private final int maxTunnelDepth;
    private final int fragmentTableSize;
    private final long fragmentTimeoutUs;
    /** Lookup table: vxlanPortMap[port] is true for a VXLAN port. */
    private final boolean[] vxlanPortMap = new boolean[65536];

    private DecoderConfig(Builder b) {
        this.vxlanPorts = b.vxlanPorts.clone();
        this.genevePort = b.genevePort;
        this.dropOwnVxlan = b.dropOwnVxlan;
        this.decapsulate = b.decapsulate;
        this.maxTunnelDepth = b.maxTunnelDepth;
        this.fragmentTableSize = b.fragmentTableSize;
        this.fragmentTimeoutUs = b.fragmentTimeoutUs;
        for (int port : vxlanPorts) {
            vxlanPortMap[port] = true;
        }
    }

    public static DecoderConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int[] vxlanPorts() { return vxlanPorts.clone(); }
    public boolean isVxlanPort(int udpPort) { return vxlanPortMap[udpPort]; }
    public int genevePort() { return genevePort; }
    public boolean dropOwnVxlan() { return dropOwnVxlan; }
    public boolean decapsulate() { return decapsulate; }
    public int maxTunnelDepth() { return maxTunnelDepth; }
    public int fragmentTableSize() { return fragmentTableSize; }
    public long fragmentTimeoutUs() { return fragmentTimeoutUs; }

    @Override
    public String toString() {
        return "DecoderConfig{vxlanPorts=" + Arrays.toString(vxlanPorts) + ", genevePort=" + genevePort
                + ", dropOwnVxlan=" + dropOwnVxlan + ", decapsulate=" + decapsulate
                + ", maxTunnelDepth=" + maxTunnelDepth + ", fragmentTableSize=" + fragmentTableSize
                + ", fragmentTimeoutUs=" + fragmentTimeoutUs + "}";
    }

    public static final class Builder {
        private int[] vxlanPorts = {4789};
        private int genevePort = 6081;
        private boolean dropOwnVxlan = true;
        private boolean decapsulate = true;
        private int maxTunnelDepth = 4;
        private int fragmentTableSize = 4096;
        private long fragmentTimeoutUs = 30_000_000L;

        private Builder() {}

        /** UDP destination ports decoded as VXLAN (replaces the default list). */
        public Builder vxlanPorts(int... ports) {
            for (int p : ports) {
                checkPort("vxlanPorts", p);
            }
            this.vxlanPorts = ports.clone();
            return this;
        }

        /** UDP destination port decoded as Geneve; 0 disables Geneve. */
        public Builder genevePort(int port) {
            if (port != 0) {
                checkPort("genevePort", port);
            }
            this.genevePort = port;
            return this;
        }

        public Builder dropOwnVxlan(boolean drop) {
            this.dropOwnVxlan = drop;
            return this;
        }

        public Builder decapsulate(boolean decapsulate) {
            this.decapsulate = decapsulate;
            return this;
        }

        public Builder maxTunnelDepth(int depth) {
            if (depth < 0 || depth > 16) {
                throw new IllegalArgumentException("maxTunnelDepth must be 0..16, got " + depth);
            }
            this.maxTunnelDepth = depth;
            return this;
        }

        public Builder fragmentTableSize(int entries) {
            if (entries < 0 || entries > (1 << 24)) {
                throw new IllegalArgumentException("fragmentTableSize must be 0..16777216, got " + entries);
            }
            this.fragmentTableSize = entries;
            return this;
        }

        public Builder fragmentTimeoutUs(long timeoutUs) {
            if (timeoutUs <= 0) {
                throw new IllegalArgumentException("fragmentTimeoutUs must be positive, got " + timeoutUs);
            }
            this.fragmentTimeoutUs = timeoutUs;
            return this;
        }

        public DecoderConfig build() {
            return new DecoderConfig(this);
        }

        private static void checkPort(String name, int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(name + ": port must be 1..65535, got " + port);
            }
        }
    }
}
