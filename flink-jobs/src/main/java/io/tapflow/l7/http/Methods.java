package io.tapflow.l7.http;

import java.nio.charset.StandardCharsets;

/** HTTP request methods: recognising a request line and returning the method without allocating. */
public final class Methods {
    private static final String[] KNOWN = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "CONNECT", "TRACE"};
    private static final byte[][] KNOWN_BYTES = new byte[KNOWN.length][];

    static {
        for (int i = 0; i < KNOWN.length; i++) {
            KNOWN_BYTES[i] = KNOWN[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private Methods() {}

    /**
     * Length of the standard method followed by a space at {@code b[off ..]}, or 0 when there is none
     * ({@code n} bytes are readable).
     */
    public static int knownMethodLength(byte[] b, int off, int n) {
        for (byte[] m : KNOWN_BYTES) {
            if (n > m.length && b[off + m.length] == ' ' && same(b, off, m)) {
                return m.length;
            }
        }
        return 0;
    }

    /** {@code b[off .. off+n)} is the beginning of a standard method followed by a space. */
    public static boolean isMethodPrefix(byte[] b, int off, int n) {
        for (byte[] m : KNOWN_BYTES) {
            int k = Math.min(n, m.length + 1);
            boolean match = true;
            for (int i = 0; i < k && match; i++) {
                match = b[off + i] == (i < m.length ? m[i] : ' ');
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** The method as an interned constant when standard, else a new string (HTTP/2 :method). */
    public static String of(byte[] b, int off, int n) {
        for (int i = 0; i < KNOWN_BYTES.length; i++) {
            if (KNOWN_BYTES[i].length == n && same(b, off, KNOWN_BYTES[i])) {
                return KNOWN[i];
            }
        }
        return new String(b, off, n, StandardCharsets.US_ASCII);
    }

    private static boolean same(byte[] b, int off, byte[] m) {
        for (int i = 0; i < m.length; i++) {
            if (b[off + i] != m[i]) {
                return false;
            }
        }
        return true;
    }
}
