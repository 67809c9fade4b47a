package io.tapflow.l7.dns;

/** IPv6 addresses as text in the RFC 5952 form (lower case, longest zero run as "::"), as tshark prints them. */
final class Ipv6Text {
    private Ipv6Text() {}

    static void append(StringBuilder out, byte[] b, int off) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[off + 2 * i] & 0xFF) << 8 | (b[off + 2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength) {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
    }
}
