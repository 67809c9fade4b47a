package io.tapflow.schema.resource;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address or CIDR as two 64-bit halves, the form the prefix tries walk. An IPv4
 * address sits left-aligned in {@code hi} (bits 63..32), so both families share one walk; the
 * family is kept separately because 0.0.0.0/0 and ::/0 are different ranges.
 */
public record IpPrefix(boolean ipv6, long hi, long lo, int length) {

    public IpPrefix {
        int max = ipv6 ? 128 : 32;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " out of range 0.." + max);
        }
    }

    /** Maximum prefix length of the family: 32 or 128. */
    public int maxLength() {
        return ipv6 ? 128 : 32;
    }

    /** True when the address has bits set beyond the prefix length (10.0.0.1/24). */
    public boolean hasHostBits() {
        return hi != maskHi(hi, length) || lo != maskLo(lo, length);
    }

    /** The same prefix with host bits cleared. */
    public IpPrefix masked() {
        return new IpPrefix(ipv6, maskHi(hi, length), maskLo(lo, length), length);
    }

    /** True when {@code other} (same family) lies inside this prefix, or equals it. */
    public boolean contains(IpPrefix other) {
        return other.ipv6 == ipv6 && other.length >= length
                && maskHi(other.hi, length) == maskHi(hi, length) && maskLo(other.lo, length) == maskLo(lo, length);
    }

    /** True when the two ranges share an address. */
    public boolean overlaps(IpPrefix other) {
        return contains(other) || other.contains(this);
    }

    /** Network-order bytes: 4 for IPv4, 16 for IPv6. */
    public byte[] addressBytes() {
        ByteBuffer b = ByteBuffer.allocate(ipv6 ? 16 : 4);
        if (ipv6) {
            b.putLong(hi).putLong(lo);
        } else {
            b.putInt((int) (hi >>> 32));
        }
        return b.array();
    }

    /** From network-order bytes (4 or 16) and a prefix length. */
    public static IpPrefix of(byte[] address, int length) {
        if (address.length == 4) {
            return ipv4(ByteBuffer.wrap(address).getInt() & 0xffffffffL, length);
        }
        if (address.length == 16) {
            ByteBuffer b = ByteBuffer.wrap(address);
            return new IpPrefix(true, b.getLong(), b.getLong(), length);
        }
        throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length);
    }

    /** IPv4 address as an unsigned 32-bit number (as L4FlowLog.ip4_0). */
    public static IpPrefix ipv4(long address, int length) {
        return new IpPrefix(false, (address & 0xffffffffL) << 32, 0, length);
    }

    /**
     * Parses {@code 10.0.0.0/16}, {@code 10.0.0.7} (a /32), {@code fd00::/64} or {@code fd00::1}
     * (a /128). Only literals: never a host name, so parsing never touches DNS.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static IpPrefix parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        boolean v6 = addr.indexOf(':') >= 0;
        int length = v6 ? 128 : 32;
        if (slash >= 0) {
            String len = s.substring(slash + 1);
            if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'");
            }
            length = Integer.parseInt(len);
            if (length > (v6 ? 128 : 32)) {
                throw new IllegalArgumentException("prefix length " + length + " too long for " + (v6 ? "IPv6" : "IPv4") + " in '" + text + "'");
            }
        }
        return v6 ? parseV6(addr, length, text) : ipv4(parseV4(addr, text), length);
    }

    private static long parseV4(String addr, String text) {
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                throw new IllegalArgumentException("octet " + octet + " > 255 in '" + text + "'");
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    private static IpPrefix parseV6(String addr, int length, String text) {
        // expand '::' by hand; an embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups
        String a = addr;
        int dot = a.lastIndexOf('.');
        if (dot >= 0) {
            int colon = a.lastIndexOf(':');
            long v4 = parseV4(a.substring(colon + 1), text);
            a = a.substring(0, colon + 1) + Long.toHexString(v4 >>> 16) + ":" + Long.toHexString(v4 & 0xffff);
        }
        int dc = a.indexOf("::");
        if (dc >= 0 && a.indexOf("::", dc + 1) >= 0) {
            throw new IllegalArgumentException("more than one '::' in '" + text + "'");
        }
        String[] head = dc < 0 ? a.split(":", -1) : (dc == 0 ? new String[0] : a.substring(0, dc).split(":", -1));
        String[] tail = dc < 0 ? new String[0] : (dc + 2 == a.length() ? new String[0] : a.substring(dc + 2).split(":", -1));
        int groups = head.length + tail.length;
        if ((dc < 0 && groups != 8) || (dc >= 0 && groups > 7)) {
            throw new IllegalArgumentException("not an IPv6 address: '" + text + "'");
        }
        int[] g = new int[8];
        for (int i = 0; i < head.length; i++) {
            g[i] = group(head[i], text);
        }
        for (int i = 0; i < tail.length; i++) {
            g[8 - tail.length + i] = group(tail[i], text);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | g[i];
            lo = (lo << 16) | g[i + 4];
        }
        return new IpPrefix(true, hi, lo, length);
    }

    private static int group(String s, String text) {
        if (s.isEmpty() || s.length() > 4) {
            throw new IllegalArgumentException("not an IPv6 address: '" + text + "'");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("not an IPv6 address: '" + text + "'");
            }
        }
        return Integer.parseInt(s, 16);
    }

    static long maskHi(long hi, int length) {
        return length >= 64 ? hi : (length == 0 ? 0 : hi & (-1L << (64 - length)));
    }

    static long maskLo(long lo, int length) {
        return length <= 64 ? 0 : (length >= 128 ? lo : lo & (-1L << (128 - length)));
    }

    @Override
    public String toString() {
        if (!ipv6) {
            long v = hi >>> 32;
            return (v >>> 24) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255) + "/" + length;
        }
        StringBuilder sb = new StringBuilder();
        long[] halves = {hi, lo};
        for (int i = 0; i < 8; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Long.toHexString((halves[i / 4] >>> (48 - 16 * (i % 4))) & 0xffff));
        }
        return sb.append('/').append(length).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && p.ipv6 == ipv6 && p.hi == hi && p.lo == lo && p.length == length;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new long[] {hi, lo, length, ipv6 ? 1 : 0});
    }
}
