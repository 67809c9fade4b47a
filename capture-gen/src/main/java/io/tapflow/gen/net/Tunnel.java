package io.tapflow.gen.net;

/**
 * One tunnel layer around the conversation's packets. Outer addresses go {@code a → b} for
 * client-to-server packets and back for server-to-client, except for mirror tunnels (ERSPAN), where
 * both directions travel from the mirroring switch ({@code a}) to the collector ({@code b}).
 */
public final class Tunnel {
    /** Tunnel kinds the generator can write. */
    public enum Kind {
        /** VXLAN (RFC 7348), inner Ethernet; {@code id} = VNI. */
        VXLAN,
        /** VXLAN with flags byte 0xff: the product's own distributed traffic, which the agent must drop. */
        OWN_VXLAN,
        /** Geneve with one 8-byte option, inner Ethernet; {@code id} = VNI. */
        GENEVE,
        /** GRE carrying IP; {@code id} = key (written when {@code id >= 0}). */
        GRE,
        /** GRE transparent Ethernet bridging (0x6558); {@code id} = key when >= 0. */
        GRE_TEB,
        /** ERSPAN type I (GRE 0x88BE without sequence, no ERSPAN header). */
        ERSPAN1,
        /** ERSPAN type II; {@code id} = session id. */
        ERSPAN2,
        /** ERSPAN type III (with the 8-byte platform subheader); {@code id} = session id. */
        ERSPAN3,
        /** IPv4 or IPv6 directly in the outer IP (protocol 4 or 41). */
        IPIP
    }

    private final Kind kind;
    private final long id;
    private final byte[] outerA;
    private final byte[] outerB;
    private final int[] innerVlans;
    private final int udpPort;

    private Tunnel(Kind kind, long id, byte[] outerA, byte[] outerB, int[] innerVlans, int udpPort) {
        if (outerA.length != outerB.length) {
            throw new IllegalArgumentException("outer addresses must be of one IP version");
        }
        this.kind = kind;
        this.id = id;
        this.outerA = outerA.clone();
        this.outerB = outerB.clone();
        this.innerVlans = innerVlans.clone();
        this.udpPort = udpPort;
    }

    public static Tunnel of(Kind kind, long id, String outerA, String outerB) {
        return new Tunnel(kind, id, Endpoint.parse(outerA), Endpoint.parse(outerB), new int[0], defaultPort(kind));
    }

    private static int defaultPort(Kind kind) {
        switch (kind) {
            case VXLAN:
            case OWN_VXLAN:
                return 4789;
            case GENEVE:
                return 6081;
            default:
                return 0;
        }
    }

    /** Same tunnel with 802.1Q tags on its inner Ethernet header (outermost tag first). */
    public Tunnel withInnerVlans(int... vlans) {
        return new Tunnel(kind, id, outerA, outerB, vlans, udpPort);
    }

    /** Same tunnel on another UDP port (VXLAN 8472, ...). */
    public Tunnel withUdpPort(int port) {
        return new Tunnel(kind, id, outerA, outerB, innerVlans, port);
    }

    public Kind kind() { return kind; }
    public long id() { return id; }
    public byte[] outerA() { return outerA.clone(); }
    public byte[] outerB() { return outerB.clone(); }
    byte[] outerAView() { return outerA; }
    byte[] outerBView() { return outerB; }
    int[] innerVlansView() { return innerVlans; }
    public int udpPort() { return udpPort; }
    public boolean outerIpv6() { return outerA.length == 16; }

    /** Both directions travel a → b (a mirror session), rather than swapping. */
    public boolean mirror() {
        return kind == Kind.ERSPAN1 || kind == Kind.ERSPAN2 || kind == Kind.ERSPAN3;
    }

    /** True when the tunnel carries an Ethernet frame (rather than a bare IP packet). */
    public boolean carriesEthernet() {
        return kind != Kind.GRE && kind != Kind.IPIP;
    }

    /**
     * The tunnel type code the agent writes to FlowKey.tunnel_type (packet_batch.avsc): 1 VXLAN,
     * 2 GRE, 3 ERSPAN, 4 IPIP, 5 Geneve, 6 GRE-TEB.
     */
    public int typeCode() {
        switch (kind) {
            case VXLAN:
            case OWN_VXLAN:
                return 1;
            case GRE:
                return 2;
            case ERSPAN1:
            case ERSPAN2:
            case ERSPAN3:
                return 3;
            case IPIP:
                return 4;
            case GENEVE:
                return 5;
            case GRE_TEB:
                return 6;
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    /** The tunnel id the agent reports (0 where the tunnel has none). */
    public long reportedId() {
        switch (kind) {
            case GRE:
            case GRE_TEB:
                return Math.max(0, id);
            case ERSPAN1:
            case IPIP:
                return 0;
            default:
                return id;
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + (id > 0 ? "(" + id + ")" : "");
    }
}
