package io.tapflow.l7;

/** TCP sequence-number arithmetic (modulo 2^32). Values are kept as longs in 0 .. 2^32-1. */
public final class Seq {
    public static final long MASK = 0xFFFFFFFFL;

    private Seq() {}

    /** a + n, wrapped. */
    public static long add(long a, long n) {
        return (a + n) & MASK;
    }

    /** a - b as a signed distance: positive when a is after b (valid for distances below 2^31). */
    public static int diff(long a, long b) {
        return (int) (a - b);
    }
}
