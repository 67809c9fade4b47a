package io.tapflow.gen.net;

/** Link-layer header of the capture file, with its pcap LINKTYPE_ number. */
public enum LinkLayer {
    ETHERNET(1),
    /** Linux cooked capture v1. */
    LINUX_SLL(113),
    /** Linux cooked capture v2. */
    LINUX_SLL2(276),
    /** Raw IP (version nibble decides). */
    RAW(101);

    private final int linkType;

    LinkLayer(int linkType) {
        this.linkType = linkType;
    }

    public int linkType() {
        return linkType;
    }

    public static LinkLayer parse(String s) {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "ethernet": case "eth": case "en10mb": return ETHERNET;
            case "sll": case "linux_sll": return LINUX_SLL;
            case "sll2": case "linux_sll2": return LINUX_SLL2;
            case "raw": case "ip": return RAW;
            default: throw new IllegalArgumentException("unknown link layer '" + s + "' (ethernet, sll, sll2, raw)");
        }
    }
}
