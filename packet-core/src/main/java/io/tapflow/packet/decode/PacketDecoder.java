package io.tapflow.packet.decode;

import static io.tapflow.packet.decode.Bytes.u16;
import static io.tapflow.packet.decode.Bytes.u24;
import static io.tapflow.packet.decode.Bytes.u32;
import static io.tapflow.packet.decode.Bytes.u48;
import static io.tapflow.packet.decode.Bytes.u64;
import static io.tapflow.packet.decode.Bytes.u8;

/**
 * Decodes captured frames into a reused {@link DecodedPacket}: link layer (Ethernet, Linux cooked
 * v1/v2, raw IP, BSD loopback), 802.1Q/QinQ, MPLS, IPv4 (options, fragments), IPv6 (extension
 * headers, fragments), TCP (SYN options), UDP, ICMP/ICMPv6, and the tunnels VXLAN, Geneve, GRE
 * (key, sequence, checksum, transparent Ethernet bridging), ERSPAN I/II/III, IPv4/IPv6 in IP, nested
 * to {@link DecoderConfig#maxTunnelDepth()}.
 *
 * <p>Reads straight from the frame's byte array and allocates nothing per packet. Lengths come
 * from the IP headers, so a frame cut by the snap length still reports its true IP and payload
 * lengths; only the headers the flow needs must be captured.
 *
 * <p>Not thread-safe (it holds the fragment table): one decoder per capture thread.
 */
public final class PacketDecoder {
    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86DD;
    private static final int ETH_VLAN = 0x8100;
    private static final int ETH_QINQ = 0x88A8;
    private static final int ETH_QINQ_OLD = 0x9100;
    private static final int ETH_MPLS = 0x8847;
    private static final int ETH_MPLS_MULTICAST = 0x8848;
    private static final int ETH_TEB = 0x6558;
    private static final int ETH_ERSPAN_1_2 = 0x88BE;
    private static final int ETH_ERSPAN_3 = 0x22EB;

    private static final int IP_ICMP = 1;
    private static final int IP_IPIP = 4;
    private static final int IP_TCP = 6;
    private static final int IP_UDP = 17;
    private static final int IP_IPV6 = 41;
    private static final int IP_GRE = 47;
    private static final int IP_ICMPV6 = 58;

    private static final int TCP_SYN = 0x02;

    private final DecoderConfig config;
    private final FragmentTable fragments;

    public PacketDecoder() {
        this(DecoderConfig.defaults());
    }

    public PacketDecoder(DecoderConfig config) {
        this.config = config;
        this.fragments = config.fragmentTableSize() > 0
                ? new FragmentTable(config.fragmentTableSize(), config.fragmentTimeoutUs()) : null;
    }

    public DecoderConfig config() {
        return config;
    }

    /** Decodes a frame whose wire length equals its captured length (or is unknown). */
    public DecodeStatus decode(int linkType, byte[] frame, int offset, int capturedLength, long tsUs,
                               DecodedPacket out) {
        return decode(linkType, frame, offset, capturedLength, capturedLength, tsUs, out);
    }

    /**
     * Decodes {@code frame[offset, offset + capturedLength)} captured with link type
     * {@code linkType} into {@code out}. {@code frameLength} is the length on the wire.
     */
    public DecodeStatus decode(int linkType, byte[] frame, int offset, int capturedLength, int frameLength,
                               long tsUs, DecodedPacket out) {
        out.reset();
        out.tsUs = tsUs;
        out.linkType = linkType;
        out.capturedLength = capturedLength;
        out.frameLength = frameLength;
        int end = offset + capturedLength;
        switch (linkType) {
            case LinkType.ETHERNET:
                return ethernet(frame, offset, end, out);
            case LinkType.RAW:
            case LinkType.RAW_BSD12:
            case LinkType.RAW_BSD14:
            case LinkType.IPV4:
            case LinkType.IPV6:
                return ipByVersion(frame, offset, end, out);
            case LinkType.LINUX_SLL:
                return linuxSll(frame, offset, end, out);
            case LinkType.LINUX_SLL2:
                return linuxSll2(frame, offset, end, out);
            case LinkType.NULL:
            case LinkType.LOOP:
                if (capturedLength < 4) {
                    return DecodeStatus.TRUNCATED_L2;
                }
                // The family field's byte order depends on the capturing host; the IP version nibble does not.
                return ipByVersion(frame, offset + 4, end, out);
            default:
                return DecodeStatus.UNSUPPORTED_LINK_TYPE;
        }
    }

    private DecodeStatus linuxSll(byte[] f, int pos, int end, DecodedPacket out) {
        if (end - pos < 16) {
            return DecodeStatus.TRUNCATED_L2;
        }
        if (u16(f, pos + 2) == 1 && u16(f, pos + 4) == 6) {
            out.macSrc = u48(f, pos + 6);
        }
        return etherType(u16(f, pos + 14), f, pos + 16, end, out);
    }

    private DecodeStatus linuxSll2(byte[] f, int pos, int end, DecodedPacket out) {
        if (end - pos < 20) {
            return DecodeStatus.TRUNCATED_L2;
        }
        if (u16(f, pos + 8) == 1 && u8(f, pos + 11) == 6) {
            out.macSrc = u48(f, pos + 12);
        }
        return etherType(u16(f, pos), f, pos + 20, end, out);
    }

    private DecodeStatus ethernet(byte[] f, int pos, int end, DecodedPacket out) {
        if (end - pos < 14) {
            return DecodeStatus.TRUNCATED_L2;
        }
        out.macDst = u48(f, pos);
        out.macSrc = u48(f, pos + 6);
        out.vlan = 0;
        out.vlanOuter = 0;
        return etherType(u16(f, pos + 12), f, pos + 14, end, out);
    }

    private DecodeStatus etherType(int type, byte[] f, int pos, int end, DecodedPacket out) {
        int tags = 0;
        while (type == ETH_VLAN || type == ETH_QINQ || type == ETH_QINQ_OLD) {
            if (end - pos < 4) {
                return DecodeStatus.TRUNCATED_L2;
            }
            int vid = u16(f, pos) & 0x0FFF;
            if (tags == 1) {
                out.vlanOuter = out.vlan;
            }
            out.vlan = vid;
            tags++;
            type = u16(f, pos + 2);
            pos += 4;
        }
        switch (type) {
            case ETH_IPV4:
                return ipv4(f, pos, end, out);
            case ETH_IPV6:
                return ipv6(f, pos, end, out);
            case ETH_MPLS:
            case ETH_MPLS_MULTICAST:
                return mpls(f, pos, end, out);
            default:
                return DecodeStatus.NON_IP;
        }
    }

    /** Skips an MPLS label stack; the payload is IP when its version nibble says so. */
    private DecodeStatus mpls(byte[] f, int pos, int end, DecodedPacket out) {
        while (true) {
            if (end - pos < 4) {
                return DecodeStatus.TRUNCATED_L2;
            }
            boolean bottom = (f[pos + 2] & 0x01) != 0;
            pos += 4;
            if (bottom) {
                break;
            }
        }
        if (pos >= end) {
            return DecodeStatus.TRUNCATED_L3;
        }
        int version = u8(f, pos) >>> 4;
        return version == 4 || version == 6 ? ipByVersion(f, pos, end, out) : DecodeStatus.NON_IP;
    }

    private DecodeStatus ipByVersion(byte[] f, int pos, int end, DecodedPacket out) {
        if (pos >= end) {
            return DecodeStatus.TRUNCATED_L3;
        }
        switch (u8(f, pos) >>> 4) {
            case 4:
                return ipv4(f, pos, end, out);
            case 6:
                return ipv6(f, pos, end, out);
            default:
                return DecodeStatus.BAD_IP_HEADER;
        }
    }

    private static void clearL4(DecodedPacket out) {
        out.srcPort = 0;
        out.dstPort = 0;
        out.l4HeaderLength = 0;
        out.l4Checksum = 0;
        out.payloadLength = 0;
        out.payloadBuffer = null;
        out.payloadOffset = 0;
        out.payloadCaptured = 0;
        out.fragment = false;
        out.fragmentOffset = 0;
        out.moreFragments = false;
        out.ipId = 0;
    }

    private DecodeStatus ipv4(byte[] f, int pos, int end, DecodedPacket out) {
        if (end - pos < 20) {
            return DecodeStatus.TRUNCATED_L3;
        }
        int versionIhl = u8(f, pos);
        int headerLength = (versionIhl & 0x0F) << 2;
        if ((versionIhl >>> 4) != 4 || headerLength < 20) {
            return DecodeStatus.BAD_IP_HEADER;
        }
        if (end - pos < headerLength) {
            return DecodeStatus.TRUNCATED_L3;
        }
        int total = u16(f, pos + 2);
        if (total == 0) {
            // Segmentation offload on the capturing host leaves 0 here; the frame is the packet.
            total = end - pos;
        } else if (total < headerLength) {
            return DecodeStatus.BAD_IP_HEADER;
        }
        clearL4(out);
        out.ipVersion = 4;
        out.ttl = u8(f, pos + 8);
        out.protocol = u8(f, pos + 9);
        out.srcHi = 0;
        out.srcLo = u32(f, pos + 12);
        out.dstHi = 0;
        out.dstLo = u32(f, pos + 16);
        out.ipLength = total;
        out.ipId = u16(f, pos + 4);
        int ipEnd = Math.min(end, pos + total);
        int fragmentField = u16(f, pos + 6);
        boolean more = (fragmentField & 0x2000) != 0;
        int fragmentOffset = (fragmentField & 0x1FFF) << 3;
        if (more || fragmentOffset != 0) {
            return fragment(f, pos + headerLength, ipEnd, total - headerLength, fragmentOffset, more, out);
        }
        return transport(out.protocol, f, pos + headerLength, ipEnd, total - headerLength, out);
    }

    private DecodeStatus ipv6(byte[] f, int pos, int end, DecodedPacket out) {
        if (end - pos < 40) {
            return DecodeStatus.TRUNCATED_L3;
        }
        if ((u8(f, pos) >>> 4) != 6) {
            return DecodeStatus.BAD_IP_HEADER;
        }
        int payloadLength = u16(f, pos + 4);
        // 0 = jumbogram or segmentation offload: the frame is the packet.
        int total = payloadLength == 0 ? end - pos : 40 + payloadLength;
        clearL4(out);
        out.ipVersion = 6;
        out.ttl = u8(f, pos + 7);
        out.srcHi = u64(f, pos + 8);
        out.srcLo = u64(f, pos + 16);
        out.dstHi = u64(f, pos + 24);
        out.dstLo = u64(f, pos + 32);
        out.ipLength = total;
        int ipEnd = Math.min(end, pos + total);
        int next = u8(f, pos + 6);
        int p = pos + 40;
        boolean fragment = false;
        boolean more = false;
        int fragmentOffset = 0;
        while (true) {
            switch (next) {
                case 0:   // hop-by-hop options
                case 43:  // routing
                case 60:  // destination options
                case 135: // mobility
                case 139: // HIP
                case 140: // shim6
                    if (end - p < 2) {
                        return DecodeStatus.TRUNCATED_L3;
                    }
                    next = u8(f, p);
                    p += (u8(f, p + 1) + 1) << 3;
                    break;
                case 51: // authentication header: length in 4-byte words minus 2
                    if (end - p < 2) {
                        return DecodeStatus.TRUNCATED_L3;
                    }
                    next = u8(f, p);
                    p += (u8(f, p + 1) + 2) << 2;
                    break;
                case 44: // fragment
                    if (end - p < 8) {
                        return DecodeStatus.TRUNCATED_L3;
                    }
                    next = u8(f, p);
                    int field = u16(f, p + 2);
                    fragmentOffset = field & 0xFFF8;
                    more = (field & 0x01) != 0;
                    fragment = more || fragmentOffset != 0;
                    out.ipId = u32(f, p + 4);
                    p += 8;
                    if (fragmentOffset != 0) {
                        // Later fragment: what follows is payload, not headers.
                        return finishIpv6(next, f, p, pos, total, ipEnd, fragment, fragmentOffset, more, out);
                    }
                    break;
                default:
                    return finishIpv6(next, f, p, pos, total, ipEnd, fragment, fragmentOffset, more, out);
            }
            if (p > pos + total) {
                return DecodeStatus.BAD_IP_HEADER;
            }
        }
    }

    private DecodeStatus finishIpv6(int next, byte[] f, int p, int pos, int total, int ipEnd, boolean fragment,
                                    int fragmentOffset, boolean more, DecodedPacket out) {
        out.protocol = next;
        int l4Length = pos + total - p;
        if (l4Length < 0) {
            return DecodeStatus.BAD_IP_HEADER;
        }
        if (fragment) {
            return fragment(f, p, ipEnd, l4Length, fragmentOffset, more, out);
        }
        return transport(next, f, p, ipEnd, l4Length, out);
    }

    /** An IPv4 or IPv6 fragment; ipId, addresses and protocol are already set. */
    private DecodeStatus fragment(byte[] f, int pos, int end, int l4Length, int fragmentOffset, boolean more,
                                  DecodedPacket out) {
        if (fragmentOffset == 0) {
            int depthBefore = out.tunnelDepth;
            DecodeStatus status = transport(out.protocol, f, pos, end, l4Length, out);
            if (status == DecodeStatus.OK && out.tunnelDepth == depthBefore) {
                // Only a plain transport header can be recalled by ports; a tunnel's later
                // fragments carry the inner packet's tail and stay orphans.
                out.fragment = true;
                out.moreFragments = more;
                if (fragments != null) {
                    fragments.remember(out);
                }
            }
            return status;
        }
        out.fragment = true;
        out.fragmentOffset = fragmentOffset;
        out.moreFragments = more;
        out.payloadLength = l4Length;
        if (fragments == null || !fragments.recall(out)) {
            return DecodeStatus.FRAGMENT_ORPHAN;
        }
        return DecodeStatus.OK;
    }

    private DecodeStatus transport(int protocol, byte[] f, int pos, int end, int l4Length, DecodedPacket out) {
        switch (protocol) {
            case IP_TCP:
                return tcp(f, pos, end, l4Length, out);
            case IP_UDP:
                return udp(f, pos, end, l4Length, out);
            case IP_ICMP:
            case IP_ICMPV6:
                return icmp(protocol, f, pos, end, l4Length, out);
            case IP_IPIP:
            case IP_IPV6:
                if (!config.decapsulate()) {
                    return opaque(f, pos, end, l4Length, out);
                }
                DecodeStatus entered = enterTunnel(TunnelType.IPIP, 0, out);
                if (entered != DecodeStatus.OK) {
                    return entered;
                }
                return protocol == IP_IPIP ? ipv4(f, pos, end, out) : ipv6(f, pos, end, out);
            case IP_GRE:
                return config.decapsulate() ? gre(f, pos, end, l4Length, out) : opaque(f, pos, end, l4Length, out);
            default:
                return opaque(f, pos, end, l4Length, out);
        }
    }

    /** A protocol without ports (ESP, SCTP, OSPF, ...): the flow is the address pair and protocol. */
    private static DecodeStatus opaque(byte[] f, int pos, int end, int l4Length, DecodedPacket out) {
        out.payloadLength = l4Length;
        setPayload(f, pos, end, l4Length, out);
        return DecodeStatus.OK;
    }

    private static void setPayload(byte[] f, int pos, int end, int length, DecodedPacket out) {
        int captured = Math.min(length, end - pos);
        if (captured > 0) {
            out.payloadBuffer = f;
            out.payloadOffset = pos;
            out.payloadCaptured = captured;
        }
    }

    private DecodeStatus tcp(byte[] f, int pos, int end, int l4Length, DecodedPacket out) {
        if (end - pos < 20) {
            return DecodeStatus.TRUNCATED_L4;
        }
        int dataOffset = (u8(f, pos + 12) >>> 4) << 2;
        if (dataOffset < 20 || dataOffset > l4Length) {
            return DecodeStatus.BAD_TCP_HEADER;
        }
        out.srcPort = u16(f, pos);
        out.dstPort = u16(f, pos + 2);
        out.seq = u32(f, pos + 4);
        out.ack = u32(f, pos + 8);
        int flags = u8(f, pos + 13);
        out.tcpFlags = flags;
        out.window = u16(f, pos + 14);
        out.l4Checksum = u16(f, pos + 16);
        out.l4HeaderLength = dataOffset;
        out.payloadLength = l4Length - dataOffset;
        setPayload(f, pos + dataOffset, end, out.payloadLength, out);
        if ((flags & TCP_SYN) != 0) {
            synOptions(f, pos + 20, Math.min(end, pos + dataOffset), out);
        }
        return DecodeStatus.OK;
    }

    private static void synOptions(byte[] f, int p, int end, DecodedPacket out) {
        out.hasSynOptions = true;
        while (p < end) {
            int kind = u8(f, p);
            if (kind == 0) {
                return;
            }
            if (kind == 1) {
                p++;
                continue;
            }
            if (p + 1 >= end) {
                return;
            }
            int length = u8(f, p + 1);
            if (length < 2 || p + length > end) {
                return;
            }
            switch (kind) {
                case 2:
                    if (length == 4) {
                        out.mss = u16(f, p + 2);
                    }
                    break;
                case 3:
                    if (length == 3) {
                        out.windowScale = Math.min(u8(f, p + 2), 14);
                    }
                    break;
                case 4:
                    out.sackPermitted = true;
                    break;
                case 8:
                    out.timestamps = true;
                    break;
                default:
                    break;
            }
            p += length;
        }
    }

    private DecodeStatus udp(byte[] f, int pos, int end, int l4Length, DecodedPacket out) {
        if (end - pos < 8) {
            return DecodeStatus.TRUNCATED_L4;
        }
        if (l4Length < 8) {
            return DecodeStatus.BAD_IP_HEADER;
        }
        int srcPort = u16(f, pos);
        int dstPort = u16(f, pos + 2);
        out.srcPort = srcPort;
        out.dstPort = dstPort;
        out.l4HeaderLength = 8;
        out.l4Checksum = u16(f, pos + 6);
        out.payloadLength = l4Length - 8;
        int payload = pos + 8;
        setPayload(f, payload, end, out.payloadLength, out);
        if (config.decapsulate() && out.payloadLength >= 8) {
            if (config.isVxlanPort(dstPort)) {
                return vxlan(f, payload, end, out);
            }
            if (dstPort == config.genevePort()) {
                return geneve(f, payload, end, out);
            }
        }
        return DecodeStatus.OK;
    }

    private DecodeStatus vxlan(byte[] f, int pos, int end, DecodedPacket out) {
        if (end - pos < 8) {
            return DecodeStatus.TRUNCATED_L4;
        }
        int flags = u8(f, pos);
        if (flags == 0xFF && config.dropOwnVxlan()) {
            return DecodeStatus.OWN_VXLAN;
        }
        if ((flags & 0x08) == 0) {
            return DecodeStatus.OK; // no valid VNI: not VXLAN, keep it as the UDP flow it is
        }
        DecodeStatus entered = enterTunnel(TunnelType.VXLAN, u24(f, pos + 4), out);
        return entered != DecodeStatus.OK ? entered : ethernet(f, pos + 8, end, out);
    }

    private DecodeStatus geneve(byte[] f, int pos, int end, DecodedPacket out) {
        if (end - pos < 8) {
            return DecodeStatus.TRUNCATED_L4;
        }
        int first = u8(f, pos);
        if ((first >>> 6) != 0) {
            return DecodeStatus.OK; // unknown Geneve version: leave it a UDP flow
        }
        int headerLength = 8 + ((first & 0x3F) << 2);
        if (end - pos < headerLength) {
            return DecodeStatus.TRUNCATED_L4;
        }
        int protocol = u16(f, pos + 2);
        if (protocol != ETH_TEB && protocol != ETH_IPV4 && protocol != ETH_IPV6) {
            return DecodeStatus.OK;
        }
        DecodeStatus entered = enterTunnel(TunnelType.GENEVE, u24(f, pos + 4), out);
        if (entered != DecodeStatus.OK) {
            return entered;
        }
        int inner = pos + headerLength;
        return protocol == ETH_TEB ? ethernet(f, inner, end, out) : etherType(protocol, f, inner, end, out);
    }

    private DecodeStatus gre(byte[] f, int pos, int end, int l4Length, DecodedPacket out) {
        if (end - pos < 4) {
            return DecodeStatus.TRUNCATED_L4;
        }
        int flags = u16(f, pos);
        int protocol = u16(f, pos + 2);
        if ((flags & 0x7) != 0) {
            return opaque(f, pos, end, l4Length, out); // enhanced GRE (PPTP): not a tunnel we strip
        }
        if ((flags & 0x4000) != 0) {
            return DecodeStatus.BAD_TUNNEL_HEADER; // RFC 1701 source routing, obsolete
        }
        boolean checksum = (flags & 0x8000) != 0;
        boolean hasKey = (flags & 0x2000) != 0;
        boolean hasSeq = (flags & 0x1000) != 0;
        int headerLength = 4 + (checksum ? 4 : 0) + (hasKey ? 4 : 0) + (hasSeq ? 4 : 0);
        if (end - pos < headerLength) {
            return DecodeStatus.TRUNCATED_L4;
        }
        long key = hasKey ? u32(f, pos + 4 + (checksum ? 4 : 0)) : 0;
        int inner = pos + headerLength;
        DecodeStatus entered;
        switch (protocol) {
            case ETH_TEB:
                entered = enterTunnel(TunnelType.GRE_TEB, key, out);
                return entered != DecodeStatus.OK ? entered : ethernet(f, inner, end, out);
            case ETH_IPV4:
            case ETH_IPV6:
                entered = enterTunnel(TunnelType.GRE, key, out);
                return entered != DecodeStatus.OK ? entered : etherType(protocol, f, inner, end, out);
            case ETH_ERSPAN_1_2:
                if (!hasSeq) {
                    // ERSPAN type I: no ERSPAN header, the mirrored frame follows GRE.
                    entered = enterTunnel(TunnelType.ERSPAN, 0, out);
                    return entered != DecodeStatus.OK ? entered : ethernet(f, inner, end, out);
                }
                return erspan2(f, inner, end, out);
            case ETH_ERSPAN_3:
                return erspan3(f, inner, end, out);
            default:
                return opaque(f, pos, end, l4Length, out);
        }
    }

    private DecodeStatus erspan2(byte[] f, int pos, int end, DecodedPacket out) {
        if (end - pos < 8) {
            return DecodeStatus.TRUNCATED_L4;
        }
        if ((u8(f, pos) >>> 4) != 1) {
            return DecodeStatus.BAD_TUNNEL_HEADER;
        }
        DecodeStatus entered = enterTunnel(TunnelType.ERSPAN, u16(f, pos + 2) & 0x3FF, out);
        return entered != DecodeStatus.OK ? entered : ethernet(f, pos + 8, end, out);
    }

    private DecodeStatus erspan3(byte[] f, int pos, int end, DecodedPacket out) {
        if (end - pos < 12) {
            return DecodeStatus.TRUNCATED_L4;
        }
        if ((u8(f, pos) >>> 4) != 2) {
            return DecodeStatus.BAD_TUNNEL_HEADER;
        }
        // The O bit announces an 8-byte platform-specific subheader.
        int headerLength = (u8(f, pos + 11) & 0x01) != 0 ? 20 : 12;
        if (end - pos < headerLength) {
            return DecodeStatus.TRUNCATED_L4;
        }
        DecodeStatus entered = enterTunnel(TunnelType.ERSPAN, u16(f, pos + 2) & 0x3FF, out);
        return entered != DecodeStatus.OK ? entered : ethernet(f, pos + headerLength, end, out);
    }

    private DecodeStatus icmp(int protocol, byte[] f, int pos, int end, int l4Length, DecodedPacket out) {
        if (end - pos < 4 || l4Length < 4) {
            return DecodeStatus.TRUNCATED_L4;
        }
        int type = u8(f, pos);
        out.icmpType = type;
        out.icmpCode = u8(f, pos + 1);
        out.l4Checksum = u16(f, pos + 2);
        boolean echo = protocol == IP_ICMP ? (type == 8 || type == 0) : (type == 128 || type == 129);
        int headerLength = Math.min(8, l4Length);
        if (echo) {
            if (end - pos < 8) {
                return DecodeStatus.TRUNCATED_L4;
            }
            out.srcPort = 0;
            out.dstPort = u16(f, pos + 4);
        }
        out.l4HeaderLength = headerLength;
        out.payloadLength = l4Length - headerLength;
        setPayload(f, pos + headerLength, end, out.payloadLength, out);
        return DecodeStatus.OK;
    }

    /** Records the outermost tunnel (the current outer addresses) and counts the layer. */
    private DecodeStatus enterTunnel(int type, long id, DecodedPacket out) {
        if (out.tunnelDepth >= config.maxTunnelDepth()) {
            return DecodeStatus.TUNNEL_TOO_DEEP;
        }
        if (out.tunnelDepth == 0) {
            out.tunnelType = type;
            out.tunnelId = id;
            out.tunnelIpVersion = out.ipVersion;
            out.tunnelSrcHi = out.srcHi;
            out.tunnelSrcLo = out.srcLo;
            out.tunnelDstHi = out.dstHi;
            out.tunnelDstLo = out.dstLo;
        }
        out.tunnelDepth++;
        return DecodeStatus.OK;
    }
}
