package io.tapflow.l7.http;

/**
 * Hides sensitive values while keeping them usable for grouping: query-string values become '?',
 * header values become a stable 64-bit hash (the same value always hashes alike, so request ids
 * still join and client addresses still count as distinct).
 */
public final class Obfuscation {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Obfuscation() {}

    /** "a=1&b=two" → "a=?&b=?". */
    public static String maskQuery(String query) {
        StringBuilder b = new StringBuilder(query.length());
        boolean inValue = false;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '&' || c == ';') {
                inValue = false;
                b.append(c);
            } else if (c == '=' && !inValue) {
                inValue = true;
                b.append("=?");
            } else if (!inValue) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** "obf:" + 16 hex digits of the value's FNV-1a 64-bit hash. */
    public static String hash(String value) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < value.length(); i++) {
            h ^= value.charAt(i);
            h *= 0x100000001b3L;
        }
        char[] out = new char[20];
        out[0] = 'o';
        out[1] = 'b';
        out[2] = 'f';
        out[3] = ':';
        for (int i = 0; i < 16; i++) {
            out[4 + i] = HEX[(int) (h >>> (60 - 4 * i)) & 0xF];
        }
        return new String(out);
    }
}
