package io.tapflow.packet.decode;

/** Tunnel type codes, as written to {@code FlowKey.tunnel_type} (packet_batch.avsc). */
public final class TunnelType {
    public static final int NONE = 0;
    public static final int VXLAN = 1;
    public static final int GRE = 2;
    public static final int ERSPAN = 3;
    /** IPv4 or IPv6 carried directly in IPv4 or IPv6 (IP protocols 4 and 41). */
    public static final int IPIP = 4;
    public static final int GENEVE = 5;
    /** GRE carrying whole Ethernet frames (transparent Ethernet bridging, protocol 0x6558). */
    public static final int GRE_TEB = 6;

    private TunnelType() {}

    public static String name(int type) {
        switch (type) {
            case NONE: return "none";
            case VXLAN: return "vxlan";
            case GRE: return "gre";
            case ERSPAN: return "erspan";
            case IPIP: return "ipip";
            case GENEVE: return "geneve";
            case GRE_TEB: return "gre_teb";
            default: return "tunnel_" + type;
        }
    }
}
