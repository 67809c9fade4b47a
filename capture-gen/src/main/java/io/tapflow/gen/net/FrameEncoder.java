package io.tapflow.gen.net;

import java.util.List;

/**
 * Encodes scripted packets into link-layer frames with correct lengths and checksums.
 *
 * <p>The packet is built from the inside out, the way a stack pushes headers: L4 first, then the
 * inner IP header, then each tunnel (inner Ethernet, tunnel header, outer UDP, outer IP) from the
 * innermost to the outermost, then the link header. One reused buffer with head room; not
 * thread-safe.
 */
public final class FrameEncoder {
    private static final int HEADROOM = 1024;
    private static final int MAX_L3 = 65535 + 256;
    private static final byte[] ROUTER_ALERT = {(byte) 0x94, 0x04, 0x00, 0x00};

    private final LinkLayer link;
    private final byte[] buf = new byte[HEADROOM + MAX_L3];
    private int start;
    private int length;
    private int outerIpId = 1;
    private int greSequence;

    public FrameEncoder(LinkLayer link) {
        this.link = link;
    }

    public LinkLayer link() { return link; }
    public byte[] buffer() { return buf; }
    /** Offset of the last encoded frame in {@link #buffer()}. */
    public int start() { return start; }
    public int length() { return length; }

    /** Encodes {@code p} of the conversation {@code shape}; sets p.frameLength and p.ipLength. */
    public void encode(FlowShape shape, Packet p) {
        Endpoint src = p.fromClient ? shape.client() : shape.server();
        Endpoint dst = p.fromClient ? shape.server() : shape.client();
        int end = HEADROOM;
        int protocol = shape.protocol();
        // L4
        int l4Start = HEADROOM;
        if (p.fragmentData != null) {
            System.arraycopy(p.fragmentData, 0, buf, l4Start, p.fragmentData.length);
            end = l4Start + p.fragmentData.length;
        } else {
            switch (protocol) {
                case 6:
                    end = tcp(p, src, dst, l4Start);
                    break;
                case 17:
                    end = udp(p, src, dst, l4Start);
                    break;
                case 1:
                case 58:
                    end = icmp(p, src, dst, protocol, l4Start);
                    break;
                default:
                    System.arraycopy(p.payload, p.payloadOffset, buf, l4Start, p.payloadLength);
                    end = l4Start + p.payloadLength;
            }
        }
        // inner IP
        int ipStart = shape.ipv6() ? ipv6(shape, p, src, dst, protocol, l4Start, end) : ipv4(shape, p, src, dst,
                protocol, l4Start, end);
        p.ipLength = end - ipStart;
        int s = ipStart;
        boolean innerIpv6 = shape.ipv6();
        // tunnels, innermost first
        Encapsulation encapsulation = shape.encapsulation();
        List<Tunnel> tunnels = encapsulation.tunnels();
        long innerSrcMac = src.mac();
        long innerDstMac = dst.mac();
        for (int i = tunnels.size() - 1; i >= 0; i--) {
            Tunnel t = tunnels.get(i);
            byte[] outerSrc = p.fromClient || t.mirror() ? t.outerAView() : t.outerBView();
            byte[] outerDst = p.fromClient || t.mirror() ? t.outerBView() : t.outerAView();
            int innerType = innerIpv6 ? 0x86DD : 0x0800;
            if (t.carriesEthernet()) {
                s = ethernet(s, innerSrcMac, innerDstMac, t.innerVlansView(), innerType);
                innerType = 0x6558;
            }
            int outerProtocol;
            switch (t.kind()) {
                case VXLAN:
                case OWN_VXLAN:
                    s -= 8;
                    buf[s] = (byte) (t.kind() == Tunnel.Kind.OWN_VXLAN ? 0xFF : 0x08);
                    buf[s + 1] = 0;
                    buf[s + 2] = 0;
                    buf[s + 3] = 0;
                    put24(s + 4, (int) t.id());
                    buf[s + 7] = 0;
                    s = outerUdp(s, end, entropyPort(p, shape), t.udpPort(), outerSrc, outerDst);
                    outerProtocol = 17;
                    break;
                case GENEVE:
                    s -= 16;
                    buf[s] = 2; // version 0, 2 words of options
                    buf[s + 1] = 0;
                    put16(s + 2, 0x6558);
                    put24(s + 4, (int) t.id());
                    buf[s + 7] = 0;
                    put16(s + 8, 0x0103); // option class
                    buf[s + 10] = (byte) 0x80; // option type (critical bit clear would be 0x00..0x7f)
                    buf[s + 11] = 1; // 1 word of data
                    put32(s + 12, 0x0A0B0C0D);
                    s = outerUdp(s, end, entropyPort(p, shape), t.udpPort(), outerSrc, outerDst);
                    outerProtocol = 17;
                    break;
                case GRE:
                case GRE_TEB:
                    s = gre(s, t.kind() == Tunnel.Kind.GRE ? innerType : 0x6558, t.id(), false);
                    outerProtocol = 47;
                    break;
                case ERSPAN1:
                    s = gre(s, 0x88BE, -1, false);
                    outerProtocol = 47;
                    break;
                case ERSPAN2:
                    s -= 8;
                    put16(s, 0x1000 | 0);                       // version 1, vlan 0
                    put16(s + 2, (int) (t.id() & 0x3FF));       // cos 0, en 0, t 0, session
                    put32(s + 4, 0);                            // reserved, index
                    s = gre(s, 0x88BE, -1, true);
                    outerProtocol = 47;
                    break;
                case ERSPAN3:
                    s -= 20;
                    put16(s, 0x2000);                           // version 2, vlan 0
                    put16(s + 2, (int) (t.id() & 0x3FF));
                    put32(s + 4, (int) (p.tsUs & 0xFFFFFFFFL)); // timestamp (µs granularity)
                    put16(s + 8, 0);                            // security group tag
                    put16(s + 10, 0x0001);                      // p 0, ft 0, hw id 0, d 0, gra 0, o 1
                    put32(s + 12, 0x0C000000);                  // platform id 3 subheader
                    put32(s + 16, (int) (p.tsUs / 1_000_000));
                    s = gre(s, 0x22EB, -1, true);
                    outerProtocol = 47;
                    break;
                case IPIP:
                    outerProtocol = innerIpv6 ? 41 : 4;
                    break;
                default:
                    throw new IllegalStateException(t.kind().name());
            }
            s = t.outerIpv6() ? outerIpv6(s, end, outerProtocol, outerSrc, outerDst)
                    : outerIpv4(s, end, outerProtocol, outerSrc, outerDst);
            innerIpv6 = t.outerIpv6();
            innerSrcMac = Endpoint.macFor(outerSrc);
            innerDstMac = Endpoint.macFor(outerDst);
        }
        int etherType = innerIpv6 ? 0x86DD : 0x0800;
        switch (link) {
            case ETHERNET:
                s = ethernet(s, innerSrcMac, innerDstMac, encapsulation.vlansView(), etherType);
                if (end - s < 60) {
                    // Ethernet pads short frames to 60 bytes (64 with the FCS, which captures omit).
                    java.util.Arrays.fill(buf, end, s + 60, (byte) 0);
                    end = s + 60;
                }
                break;
            case LINUX_SLL:
                s -= 16;
                put16(s, p.fromClient ? 4 : 0); // outgoing / to us
                put16(s + 2, 1);                // ARPHRD_ETHER
                put16(s + 4, 6);
                putMac(s + 6, innerSrcMac);
                put16(s + 12, 0);
                put16(s + 14, etherType);
                break;
            case LINUX_SLL2:
                s -= 20;
                put16(s, etherType);
                put16(s + 2, 0);
                put32(s + 4, 2);                // interface index
                put16(s + 8, 1);                // ARPHRD_ETHER
                buf[s + 10] = (byte) (p.fromClient ? 4 : 0);
                buf[s + 11] = 6;
                putMac(s + 12, innerSrcMac);
                put16(s + 18, 0);
                break;
            case RAW:
                break;
            default:
                throw new IllegalStateException(link.name());
        }
        start = s;
        length = end - s;
        p.frameLength = length;
    }

    /** An ARP request (client asks for the server's MAC) or reply, on an Ethernet or cooked link. */
    public void encodeArp(FlowShape shape, Packet p) {
        Endpoint sender = p.fromClient ? shape.client() : shape.server();
        Endpoint target = p.fromClient ? shape.server() : shape.client();
        int s = HEADROOM;
        put16(s, 1);            // Ethernet
        put16(s + 2, 0x0800);   // IPv4
        buf[s + 4] = 6;
        buf[s + 5] = 4;
        put16(s + 6, p.fromClient ? 1 : 2);
        putMac(s + 8, sender.mac());
        System.arraycopy(sender.ipView(), 0, buf, s + 14, 4);
        putMac(s + 18, p.fromClient ? 0 : target.mac());
        System.arraycopy(target.ipView(), 0, buf, s + 24, 4);
        int end = s + 28;
        switch (link) {
            case ETHERNET:
                s = ethernet(s, sender.mac(), p.fromClient ? 0xFFFF_FFFF_FFFFL : target.mac(), new int[0], 0x0806);
                java.util.Arrays.fill(buf, end, s + 60, (byte) 0);
                end = s + 60;
                break;
            case LINUX_SLL:
                s -= 16;
                put16(s, p.fromClient ? 4 : 0);
                put16(s + 2, 1);
                put16(s + 4, 6);
                putMac(s + 6, sender.mac());
                put16(s + 12, 0);
                put16(s + 14, 0x0806);
                break;
            case LINUX_SLL2:
                s -= 20;
                put16(s, 0x0806);
                put16(s + 2, 0);
                put32(s + 4, 2);
                put16(s + 8, 1);
                buf[s + 10] = (byte) (p.fromClient ? 4 : 0);
                buf[s + 11] = 6;
                putMac(s + 12, sender.mac());
                put16(s + 18, 0);
                break;
            default:
                throw new IllegalStateException("ARP cannot be written on a " + link + " link");
        }
        start = s;
        length = end - s;
        p.frameLength = length;
        p.ipLength = 0;
    }

    /** A whole UDP datagram (header + payload, checksum over the pseudo-header), for fragmenting. */
    public static byte[] udpDatagram(Endpoint src, Endpoint dst, byte[] payload) {
        byte[] d = new byte[8 + payload.length];
        d[0] = (byte) (src.port() >>> 8);
        d[1] = (byte) src.port();
        d[2] = (byte) (dst.port() >>> 8);
        d[3] = (byte) dst.port();
        d[4] = (byte) (d.length >>> 8);
        d[5] = (byte) d.length;
        System.arraycopy(payload, 0, d, 8, payload.length);
        int c = Checksums.transport(src.ipView(), dst.ipView(), 17, d, 0, d.length);
        d[6] = (byte) (c >>> 8);
        d[7] = (byte) c;
        return d;
    }

    private static int entropyPort(Packet p, FlowShape shape) {
        int h = shape.client().port() * 31 + shape.server().port() + (p.fromClient ? 7 : 13);
        return 49152 + ((h * 0x9E3779B1) >>> 18);
    }

    private int tcp(Packet p, Endpoint src, Endpoint dst, int at) {
        int options = 0;
        int o = at + 20;
        if (p.synOptions) {
            buf[o] = 2; buf[o + 1] = 4; put16(o + 2, p.mss);                 // MSS
            buf[o + 4] = 4; buf[o + 5] = 2;                                  // SACK permitted
            o += 6;
            if (p.timestampOption) {
                buf[o] = 8; buf[o + 1] = 10; put32(o + 2, (int) p.tsVal); put32(o + 6, (int) p.tsEcr);
                o += 10;
            } else {
                buf[o] = 1; buf[o + 1] = 1;
                o += 2;
            }
            buf[o] = 1;                                                      // NOP
            buf[o + 1] = 3; buf[o + 2] = 3; buf[o + 3] = (byte) p.windowScale;
            options = p.timestampOption ? 20 : 12;
        } else if (p.timestampOption) {
            buf[o] = 1; buf[o + 1] = 1;
            buf[o + 2] = 8; buf[o + 3] = 10; put32(o + 4, (int) p.tsVal); put32(o + 8, (int) p.tsEcr);
            options = 12;
        }
        int headerLength = 20 + options;
        put16(at, src.port());
        put16(at + 2, dst.port());
        put32(at + 4, (int) p.seq);
        put32(at + 8, (int) p.ack);
        buf[at + 12] = (byte) ((headerLength / 4) << 4);
        buf[at + 13] = (byte) p.tcpFlags;
        put16(at + 14, p.window);
        put16(at + 16, 0);
        put16(at + 18, 0);
        if (p.payloadLength > 0) {
            System.arraycopy(p.payload, p.payloadOffset, buf, at + headerLength, p.payloadLength);
        }
        int len = headerLength + p.payloadLength;
        put16(at + 16, Checksums.transport(src.ipView(), dst.ipView(), 6, buf, at, len));
        return at + len;
    }

    private int udp(Packet p, Endpoint src, Endpoint dst, int at) {
        int len = 8 + p.payloadLength;
        put16(at, src.port());
        put16(at + 2, dst.port());
        put16(at + 4, len);
        put16(at + 6, 0);
        if (p.payloadLength > 0) {
            System.arraycopy(p.payload, p.payloadOffset, buf, at + 8, p.payloadLength);
        }
        put16(at + 6, Checksums.transport(src.ipView(), dst.ipView(), 17, buf, at, len));
        return at + len;
    }

    private int icmp(Packet p, Endpoint src, Endpoint dst, int protocol, int at) {
        int len = 8 + p.payloadLength;
        buf[at] = (byte) p.icmpType;
        buf[at + 1] = (byte) p.icmpCode;
        put16(at + 2, 0);
        put16(at + 4, p.icmpId);
        put16(at + 6, p.icmpSeq);
        if (p.payloadLength > 0) {
            System.arraycopy(p.payload, p.payloadOffset, buf, at + 8, p.payloadLength);
        }
        int c = protocol == 58 ? Checksums.transport(src.ipView(), dst.ipView(), 58, buf, at, len)
                : Checksums.fold(Checksums.sum(buf, at, len, 0));
        put16(at + 2, c);
        return at + len;
    }

    private int ipv4(FlowShape shape, Packet p, Endpoint src, Endpoint dst, int protocol, int l4Start, int end) {
        int headerLength = shape.ipv4Options() ? 24 : 20;
        int s = l4Start - headerLength;
        buf[s] = (byte) (0x40 | (headerLength / 4));
        buf[s + 1] = 0;
        put16(s + 2, end - s);
        put16(s + 4, p.ipId);
        int fragment = p.fragmentData != null
                ? (p.moreFragments ? 0x2000 : 0) | (p.fragmentOffset >>> 3)
                : (protocol == 6 ? 0x4000 : 0);
        put16(s + 6, fragment);
        buf[s + 8] = (byte) p.ttl;
        buf[s + 9] = (byte) protocol;
        put16(s + 10, 0);
        System.arraycopy(src.ipView(), 0, buf, s + 12, 4);
        System.arraycopy(dst.ipView(), 0, buf, s + 16, 4);
        if (shape.ipv4Options()) {
            System.arraycopy(ROUTER_ALERT, 0, buf, s + 20, 4);
        }
        put16(s + 10, Checksums.fold(Checksums.sum(buf, s, headerLength, 0)));
        return s;
    }

    private int ipv6(FlowShape shape, Packet p, Endpoint src, Endpoint dst, int protocol, int l4Start, int end) {
        int[] ext = shape.ipv6ExtensionsView();
        boolean fragment = p.fragmentData != null;
        int extLength = 0;
        for (int code : ext) {
            extLength += extensionLength(code);
        }
        if (fragment) {
            extLength += 8;
        }
        int s = l4Start - extLength;
        int at = s;
        for (int i = 0; i < ext.length; i++) {
            int next = i + 1 < ext.length ? ext[i + 1] : (fragment ? 44 : protocol);
            int len = extensionLength(ext[i]);
            java.util.Arrays.fill(buf, at, at + len, (byte) 0);
            buf[at] = (byte) next;
            switch (ext[i]) {
                case FlowShape.EXT_HOP_BY_HOP:
                case FlowShape.EXT_DESTINATION:
                    buf[at + 1] = 0;                 // 8 bytes
                    buf[at + 2] = 1;                 // PadN option filling the rest
                    buf[at + 3] = 4;
                    break;
                case FlowShape.EXT_ROUTING:
                    buf[at + 1] = 2;                 // 24 bytes: type 0, segments left 0, one address
                    buf[at + 2] = 0;
                    buf[at + 3] = 0;
                    System.arraycopy(dst.ipView(), 0, buf, at + 8, 16);
                    break;
                case FlowShape.EXT_AH:
                    buf[at + 1] = 4;                 // (24 / 4) - 2
                    put32(at + 4, 0x1000);           // SPI
                    put32(at + 8, p.ipId);           // sequence
                    break;
                default:
                    throw new IllegalArgumentException("unsupported IPv6 extension header " + ext[i]);
            }
            at += len;
        }
        if (fragment) {
            buf[at] = (byte) protocol;
            buf[at + 1] = 0;
            put16(at + 2, p.fragmentOffset | (p.moreFragments ? 1 : 0));
            put32(at + 4, p.ipId);
        }
        s -= 40;
        put32(s, 0x60000000);
        put16(s + 4, end - s - 40);
        buf[s + 6] = (byte) (ext.length > 0 ? ext[0] : (fragment ? 44 : protocol));
        buf[s + 7] = (byte) p.ttl;
        System.arraycopy(src.ipView(), 0, buf, s + 8, 16);
        System.arraycopy(dst.ipView(), 0, buf, s + 24, 16);
        return s;
    }

    private static int extensionLength(int code) {
        switch (code) {
            case FlowShape.EXT_HOP_BY_HOP:
            case FlowShape.EXT_DESTINATION:
                return 8;
            case FlowShape.EXT_ROUTING:
            case FlowShape.EXT_AH:
                return 24;
            default:
                throw new IllegalArgumentException("unsupported IPv6 extension header " + code);
        }
    }

    private int ethernet(int s, long srcMac, long dstMac, int[] vlans, int etherType) {
        s -= 14 + 4 * vlans.length;
        putMac(s, dstMac);
        putMac(s + 6, srcMac);
        fixVlanTypes(s, vlans, etherType);
        return s;
    }

    /** Writes the tag stack after the MACs: outer tag of a QinQ pair 0x88A8, others 0x8100, then the type. */
    private void fixVlanTypes(int s, int[] vlans, int etherType) {
        int at = s + 12;
        for (int i = 0; i < vlans.length; i++) {
            put16(at, i == 0 && vlans.length > 1 ? 0x88A8 : 0x8100);
            put16(at + 2, vlans[i] & 0x0FFF);
            at += 4;
        }
        put16(at, etherType);
    }

    private int gre(int s, int protocol, long key, boolean sequence) {
        boolean hasKey = key >= 0;
        int len = 4 + (hasKey ? 4 : 0) + (sequence ? 4 : 0);
        s -= len;
        put16(s, (hasKey ? 0x2000 : 0) | (sequence ? 0x1000 : 0));
        put16(s + 2, protocol);
        int at = s + 4;
        if (hasKey) {
            put32(at, (int) key);
            at += 4;
        }
        if (sequence) {
            put32(at, ++greSequence);
        }
        return s;
    }

    private int outerUdp(int s, int end, int srcPort, int dstPort, byte[] src, byte[] dst) {
        s -= 8;
        put16(s, srcPort);
        put16(s + 2, dstPort);
        put16(s + 4, end - s);
        put16(s + 6, 0);
        if (src.length == 16) {
            // IPv6 forbids a zero UDP checksum for tunnels in general use; compute it.
            put16(s + 6, Checksums.transport(src, dst, 17, buf, s, end - s));
        }
        return s;
    }

    private int outerIpv4(int s, int end, int protocol, byte[] src, byte[] dst) {
        s -= 20;
        buf[s] = 0x45;
        buf[s + 1] = 0;
        put16(s + 2, end - s);
        put16(s + 4, outerIpId++ & 0xFFFF);
        put16(s + 6, 0x4000);
        buf[s + 8] = 64;
        buf[s + 9] = (byte) protocol;
        put16(s + 10, 0);
        System.arraycopy(src, 0, buf, s + 12, 4);
        System.arraycopy(dst, 0, buf, s + 16, 4);
        put16(s + 10, Checksums.fold(Checksums.sum(buf, s, 20, 0)));
        return s;
    }

    private int outerIpv6(int s, int end, int protocol, byte[] src, byte[] dst) {
        s -= 40;
        put32(s, 0x60000000);
        put16(s + 4, end - s - 40);
        buf[s + 6] = (byte) protocol;
        buf[s + 7] = 64;
        System.arraycopy(src, 0, buf, s + 8, 16);
        System.arraycopy(dst, 0, buf, s + 24, 16);
        return s;
    }

    private void put16(int at, int v) {
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }

    private void put24(int at, int v) {
        buf[at] = (byte) (v >>> 16);
        buf[at + 1] = (byte) (v >>> 8);
        buf[at + 2] = (byte) v;
    }

    private void put32(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    private void putMac(int at, long mac) {
        put16(at, (int) (mac >>> 32));
        put32(at + 2, (int) mac);
    }
}
