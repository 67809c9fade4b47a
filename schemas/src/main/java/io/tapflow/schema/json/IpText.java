package io.tapflow.schema.json;

import java.nio.ByteBuffer;

/** Address text as ClickHouse and most tools print it: dotted IPv4, RFC 5952 IPv6. */
public final class IpText {

    private IpText() {
    }

    /** An IPv4 address held as an unsigned 32-bit number (the schemas' ip4 fields). */
    public static String ipv4(long address) {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }

    /**
     * A 16-byte IPv6 address in RFC 5952 form (lower case, longest run of two or more zero groups
     * as ::, leftmost on a tie). Empty = the unspecified address ::, as ClickHouse stores it.
     */
    public static String ipv6(ByteBuffer address) {
        ByteBuffer b = address.duplicate();
        if (!b.hasRemaining()) {
            return "::";
        }
        if (b.remaining() != 16) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, got " + b.remaining());
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b.get() & 0xFF) << 8) | (b.get() & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
