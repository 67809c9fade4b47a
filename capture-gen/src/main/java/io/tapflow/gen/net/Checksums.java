package io.tapflow.gen.net;

/** Internet checksums (RFC 1071), with the IPv4/IPv6 pseudo-headers for TCP, UDP and ICMPv6. */
public final class Checksums {
    private Checksums() {}

    /** One's-complement sum of {@code b[off, off+len)} added to {@code sum} (not folded). */
    public static long sum(byte[] b, int off, int len, long sum) {
        int i = off;
        int end = off + len - 1;
        for (; i < end; i += 2) {
            sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if (i == end) {
            sum += (b[i] & 0xFF) << 8;
        }
        return sum;
    }

    public static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    /** Sum of the pseudo-header for an upper-layer checksum. */
    public static long pseudoHeader(byte[] src, byte[] dst, int protocol, int length) {
        long s = sum(src, 0, src.length, 0);
        s = sum(dst, 0, dst.length, s);
        return s + protocol + length;
    }

    /** Checksum of {@code b[off, off+len)} with the pseudo-header; a UDP result of 0 is sent as 0xFFFF. */
    public static int transport(byte[] src, byte[] dst, int protocol, byte[] b, int off, int len) {
        int c = fold(sum(b, off, len, pseudoHeader(src, dst, protocol, len)));
        return protocol == 17 && c == 0 ? 0xFFFF : c;
    }
}
