package io.tapflow.packet.decode;

/**
 * Link-layer header types (the pcap LINKTYPE_ numbers) the decoder understands.
 *
 * <p>Plain int constants rather than an enum: the value comes straight from a capture file or
 * libpcap per packet and is compared in the hot path without a lookup.
 */
public final class LinkType {
    /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** DLT_RAW as some BSDs number it in pcap files (raw IPv4/IPv6, version nibble decides). */
    public static final int RAW_BSD12 = 12;
    /** DLT_RAW as OpenBSD numbers it. */
    public static final int RAW_BSD14 = 14;
    /** Raw IPv4 or IPv6, no link header (LINKTYPE_RAW). */
    public static final int RAW = 101;
    /** OpenBSD loopback: like {@link #NULL} but the family is big-endian. */
    public static final int LOOP = 108;
    /** Linux cooked capture v1 ("any" interface): 16-byte header. */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4 only. */
    public static final int IPV4 = 228;
    /** Raw IPv6 only. */
    public static final int IPV6 = 229;
    /** Linux cooked capture v2: 20-byte header with interface index. */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {}

    public static boolean isSupported(int linkType) {
        switch (linkType) {
            case NULL, ETHERNET, RAW_BSD12, RAW_BSD14, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2:
                return true;
            default:
                return false;
        }
    }

    public static String name(int linkType) {
        switch (linkType) {
            case NULL: return "NULL";
            case ETHERNET: return "ETHERNET";
            case RAW_BSD12: case RAW_BSD14: case RAW: return "RAW";
            case LOOP: return "LOOP";
            case LINUX_SLL: return "LINUX_SLL";
            case IPV4: return "IPV4";
            case IPV6: return "IPV6";
            case LINUX_SLL2: return "LINUX_SLL2";
            default: return "LINKTYPE_" + linkType;
        }
    }
}
