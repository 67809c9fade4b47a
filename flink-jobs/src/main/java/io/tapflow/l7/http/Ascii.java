package io.tapflow.l7.http;

import java.nio.charset.StandardCharsets;

/** Byte-level text helpers for protocol parsing (no allocation unless a string is asked for). */
public final class Ascii {
    private Ascii() {}

    /** Index of {@code c} in {@code b[from .. to)}, or -1. */
    public static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The decimal number in {@code b[off .. off+n)} (surrounding spaces and tabs allowed), or -1 when
     * it is empty, has another character, or exceeds {@code max}.
     */
    public static long parseDecimal(byte[] b, int off, int n, long max) {
        int i = off;
        int end = off + n;
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        while (end > i && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        if (i == end) {
            return -1;
        }
        long v = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
            if (v > max) {
                return -1;
            }
        }
        return v;
    }

    /** {@code b[from .. to)} without surrounding spaces and tabs, as a string. */
    public static String trimmed(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
}
