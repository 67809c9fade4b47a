package io.tapflow.gen.net;

/**
 * The fixed headers of one conversation: its endpoints, IP protocol, encapsulation and the optional
 * IP-level extras (IPv4 options, IPv6 extension headers) written on every packet.
 */
public final class FlowShape {
    /** IPv6 extension header codes the encoder can write. */
    public static final int EXT_HOP_BY_HOP = 0;
    public static final int EXT_ROUTING = 43;
    public static final int EXT_DESTINATION = 60;
    public static final int EXT_AH = 51;

    private final Endpoint client;
    private final Endpoint server;
    private final int protocol;
    private final Encapsulation encapsulation;
    private final boolean ipv4Options;
    private final int[] ipv6Extensions;

    public FlowShape(Endpoint client, Endpoint server, int protocol, Encapsulation encapsulation,
                     boolean ipv4Options, int... ipv6Extensions) {
        if (client.isIpv6() != server.isIpv6()) {
            throw new IllegalArgumentException("client and server must use one IP version");
        }
        this.client = client;
        this.server = server;
        this.protocol = protocol;
        this.encapsulation = encapsulation;
        this.ipv4Options = ipv4Options;
        this.ipv6Extensions = ipv6Extensions.clone();
    }

    public FlowShape(Endpoint client, Endpoint server, int protocol, Encapsulation encapsulation) {
        this(client, server, protocol, encapsulation, false);
    }

    public Endpoint client() { return client; }
    public Endpoint server() { return server; }
    public int protocol() { return protocol; }
    public Encapsulation encapsulation() { return encapsulation; }
    public boolean ipv4Options() { return ipv4Options; }
    int[] ipv6ExtensionsView() { return ipv6Extensions; }
    public boolean ipv6() { return client.isIpv6(); }
}
