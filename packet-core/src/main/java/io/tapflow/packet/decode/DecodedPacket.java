package io.tapflow.packet.decode;

/**
 * One decoded packet: a mutable holder that {@link PacketDecoder} refills for every frame, so
 * decoding allocates nothing. Values are only meaningful after a decode that returned
 * {@link DecodeStatus#OK}; the payload location points into the caller's frame buffer and is valid
 * until that buffer is reused.
 *
 * <p>Addresses are held as two longs each ({@code hi}, {@code lo}): an IPv4 address is
 * {@code hi = 0, lo = the 32-bit address}; an IPv6 address is its upper and lower 64 bits.
 * When a tunnel was stripped, the addresses, ports and protocol are the inner packet's and the
 * {@code tunnel*} values describe the outermost tunnel.
 */
public final class DecodedPacket {
    long tsUs;
    int linkType;
    int capturedLength;
    int frameLength;

    long macSrc;
    long macDst;
    int vlan;
    int vlanOuter;

    int ipVersion;
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;
    int protocol;
    int ipLength;
    int ttl;
    long ipId;
    boolean fragment;
    int fragmentOffset;
    boolean moreFragments;

    int srcPort;
    int dstPort;
    int l4HeaderLength;
    int l4Checksum;
    int payloadLength;
    byte[] payloadBuffer;
    int payloadOffset;
    int payloadCaptured;

    int tcpFlags;
    long seq;
    long ack;
    int window;
    boolean hasSynOptions;
    int mss;
    int windowScale;
    boolean sackPermitted;
    boolean timestamps;

    int icmpType;
    int icmpCode;

    int tunnelType;
    long tunnelId;
    int tunnelIpVersion;
    long tunnelSrcHi;
    long tunnelSrcLo;
    long tunnelDstHi;
    long tunnelDstLo;
    int tunnelDepth;

    /** Clears everything a decode may leave unset. */
    void reset() {
        macSrc = 0;
        macDst = 0;
        vlan = 0;
        vlanOuter = 0;
        ipVersion = 0;
        srcHi = srcLo = dstHi = dstLo = 0;
        protocol = 0;
        ipLength = 0;
        ttl = 0;
        ipId = 0;
        fragment = false;
        fragmentOffset = 0;
        moreFragments = false;
        srcPort = 0;
        dstPort = 0;
        l4HeaderLength = 0;
        l4Checksum = 0;
        payloadLength = 0;
        payloadBuffer = null;
        payloadOffset = 0;
        payloadCaptured = 0;
        tcpFlags = 0;
        seq = 0;
        ack = 0;
        window = 0;
        hasSynOptions = false;
        mss = 0;
        windowScale = -1;
        sackPermitted = false;
        timestamps = false;
        icmpType = 0;
        icmpCode = 0;
        tunnelType = TunnelType.NONE;
        tunnelId = 0;
        tunnelIpVersion = 0;
        tunnelSrcHi = tunnelSrcLo = tunnelDstHi = tunnelDstLo = 0;
        tunnelDepth = 0;
    }

    /** Capture time, µs since the Unix epoch. */
    public long tsUs() { return tsUs; }
    public int linkType() { return linkType; }
    /** Bytes of the frame present in the capture. */
    public int capturedLength() { return capturedLength; }
    /** Length of the frame on the wire (≥ captured length when the capture truncated it). */
    public int frameLength() { return frameLength; }

    /** Source MAC of the innermost Ethernet header as a 48-bit number; 0 when there is none. */
    public long macSrc() { return macSrc; }
    public long macDst() { return macDst; }
    /** Innermost 802.1Q VLAN id of the innermost Ethernet header; 0 = untagged. */
    public int vlan() { return vlan; }
    /** Outer VLAN id of a QinQ (or deeper) tag stack; 0 = none. */
    public int vlanOuter() { return vlanOuter; }

    /** 4 or 6. */
    public int ipVersion() { return ipVersion; }
    public long srcHi() { return srcHi; }
    public long srcLo() { return srcLo; }
    public long dstHi() { return dstHi; }
    public long dstLo() { return dstLo; }
    /** Address length in bytes: 4 or 16. */
    public int addressLength() { return ipVersion == 6 ? 16 : 4; }
    public void copySrcAddress(byte[] to, int at) { writeAddress(ipVersion, srcHi, srcLo, to, at); }
    public void copyDstAddress(byte[] to, int at) { writeAddress(ipVersion, dstHi, dstLo, to, at); }
    /** IP protocol number (of the last header: TCP 6, UDP 17, ICMP 1, ICMPv6 58, ESP 50, ...). */
    public int protocol() { return protocol; }
    /** IPv4 total length, or 40 + IPv6 payload length (extension headers included). */
    public int ipLength() { return ipLength; }
    /** IPv4 TTL or IPv6 hop limit. */
    public int ttl() { return ttl; }
    /** IPv4 identification, or the IPv6 fragment header's identification (0 without one). */
    public long ipId() { return ipId; }
    /** True for any IP fragment, the first one included. */
    public boolean isFragment() { return fragment; }
    /** Fragment offset in bytes (0 for the first fragment). */
    public int fragmentOffset() { return fragmentOffset; }
    public boolean moreFragments() { return moreFragments; }

    /**
     * TCP/UDP source port; 0 for protocols without ports. For ICMP and ICMPv6 echo, both
     * directions report source port 0 and destination port = the echo identifier, so a ping and its
     * reply share a flow.
     */
    public int srcPort() { return srcPort; }
    public int dstPort() { return dstPort; }
    /** Length of the L4 header in this packet (0 in a non-first fragment). */
    public int l4HeaderLength() { return l4HeaderLength; }
    /** TCP, UDP or ICMP checksum field as captured (not verified); 0 when absent. */
    public int l4Checksum() { return l4Checksum; }
    /** L4 payload bytes carried by this packet, from the IP lengths (not limited by the snap length). */
    public int payloadLength() { return payloadLength; }
    /** Buffer holding the payload (the caller's frame buffer); null when none is captured. */
    public byte[] payloadBuffer() { return payloadBuffer; }
    public int payloadOffset() { return payloadOffset; }
    /** Payload bytes actually present in the buffer (≤ payloadLength). */
    public int payloadCaptured() { return payloadCaptured; }

    public boolean isTcp() { return protocol == 6 && !(fragment && fragmentOffset > 0); }
    /** TCP flags byte (FIN 0x01 ... CWR 0x80); 0 for non-TCP. */
    public int tcpFlags() { return tcpFlags; }
    /** TCP sequence number, unsigned 32-bit. */
    public long seq() { return seq; }
    public long ack() { return ack; }
    /** Raw (unscaled) TCP window. */
    public int window() { return window; }
    /** True for a SYN (or SYN-ACK) whose options were parsed. */
    public boolean hasSynOptions() { return hasSynOptions; }
    /** MSS option, 0 = absent. */
    public int mss() { return mss; }
    /** Window-scale shift, -1 = absent. */
    public int windowScale() { return windowScale; }
    public boolean sackPermitted() { return sackPermitted; }
    public boolean timestamps() { return timestamps; }

    public int icmpType() { return icmpType; }
    public int icmpCode() { return icmpCode; }

    /** {@link TunnelType} of the outermost stripped tunnel. */
    public int tunnelType() { return tunnelType; }
    /** VNI, GRE key or ERSPAN session id of the outermost tunnel; 0 = none. */
    public long tunnelId() { return tunnelId; }
    /** IP version of the outermost tunnel's outer header, 0 without tunnel. */
    public int tunnelIpVersion() { return tunnelIpVersion; }
    public long tunnelSrcHi() { return tunnelSrcHi; }
    public long tunnelSrcLo() { return tunnelSrcLo; }
    public long tunnelDstHi() { return tunnelDstHi; }
    public long tunnelDstLo() { return tunnelDstLo; }
    public void copyTunnelSrcAddress(byte[] to, int at) { writeAddress(tunnelIpVersion, tunnelSrcHi, tunnelSrcLo, to, at); }
    public void copyTunnelDstAddress(byte[] to, int at) { writeAddress(tunnelIpVersion, tunnelDstHi, tunnelDstLo, to, at); }
    /** Number of tunnel layers stripped. */
    public int tunnelDepth() { return tunnelDepth; }

    static void writeAddress(int version, long hi, long lo, byte[] to, int at) {
        if (version == 6) {
            for (int i = 0; i < 8; i++) {
                to[at + i] = (byte) (hi >>> (56 - 8 * i));
                to[at + 8 + i] = (byte) (lo >>> (56 - 8 * i));
            }
        } else {
            to[at] = (byte) (lo >>> 24);
            to[at + 1] = (byte) (lo >>> 16);
            to[at + 2] = (byte) (lo >>> 8);
            to[at + 3] = (byte) lo;
        }
    }

    /** Text form of an address held as two longs (for logs and tests; allocates). */
    public static String formatAddress(int version, long hi, long lo) {
        byte[] b = new byte[version == 6 ? 16 : 4];
        writeAddress(version, hi, lo, b, 0);
        try {
            return java.net.InetAddress.getByAddress(b).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(128);
        s.append(formatAddress(ipVersion, srcHi, srcLo)).append(':').append(srcPort).append(" > ")
                .append(formatAddress(ipVersion, dstHi, dstLo)).append(':').append(dstPort)
                .append(" proto ").append(protocol).append(" len ").append(ipLength)
                .append(" payload ").append(payloadLength);
        if (vlan != 0) {
            s.append(" vlan ").append(vlan);
        }
        if (tunnelType != TunnelType.NONE) {
            s.append(' ').append(TunnelType.name(tunnelType)).append(" id ").append(tunnelId)
                    .append(" depth ").append(tunnelDepth);
        }
        return s.toString();
    }
}
