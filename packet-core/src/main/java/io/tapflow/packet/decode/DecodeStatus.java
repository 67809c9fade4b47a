package io.tapflow.packet.decode;

/**
 * Outcome of decoding one frame. Every value but {@link #OK} is a drop reason, counted by the
 * agent's self-metrics under {@link #metricName()}.
 */
public enum DecodeStatus {
    /** Decoded; the packet belongs to a flow. */
    OK,
    /** The capture's link type is not one of {@link LinkType}'s. */
    UNSUPPORTED_LINK_TYPE,
    /** Frame shorter than its link header (Ethernet, VLAN tag, cooked header). */
    TRUNCATED_L2,
    /** Not IP: ARP, LLDP, STP, an unknown EtherType... counted, never a flow. */
    NON_IP,
    /** The captured bytes end inside the IP header or its extension headers. */
    TRUNCATED_L3,
    /** IP version, header length or total length that cannot be right. */
    BAD_IP_HEADER,
    /** The captured bytes end inside the TCP/UDP/ICMP header (or a tunnel header). */
    TRUNCATED_L4,
    /** A TCP header whose data offset is below 5 words. */
    BAD_TCP_HEADER,
    /**
     * A non-first IPv4/IPv6 fragment whose first fragment was not seen (or was forgotten): its
     * ports are unknown, so it cannot be given to a flow.
     */
    FRAGMENT_ORPHAN,
    /** VXLAN with flags byte 0xff: the product's own distributed traffic (manual part-1, loop avoidance). */
    OWN_VXLAN,
    /** More nested tunnels than {@link DecoderConfig#maxTunnelDepth()}. */
    TUNNEL_TOO_DEEP,
    /** A tunnel header the decoder recognised but could not use (GRE routing, unknown ERSPAN version, ...). */
    BAD_TUNNEL_HEADER;

    private final String metricName = name().toLowerCase(java.util.Locale.ROOT);

    /** Lower-case name for metric labels ({@code truncated_l4}). */
    public String metricName() {
        return metricName;
    }
}
