package io.tapflow.l7.http2;

/**
 * The HPACK Huffman code (RFC 7541 Appendix B). The code is canonical, so the table is just each
 * symbol's code length; codes are rebuilt from the lengths, and decoding finds a symbol's length by
 * comparing the next 32 bits with the upper bound of each length's code range.
 */
public final class Huffman {
    /** Code length of symbols 0..255 and EOS (256). */
    private static final byte[] LENGTHS = {
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    };
    private static final int EOS = 256;
    private static final int[] CODES = new int[257];
    /** Symbols ordered by (length, symbol): the canonical order. */
    private static final int[] SORTED = new int[257];
    /** Per distinct length, ascending: the length, its first code, the index of its first symbol in SORTED, and the (exclusive) upper bound of its codes left-aligned to 32 bits. */
    private static final int[] LEN;
    private static final int[] FIRST;
    private static final int[] BASE;
    private static final long[] LIMIT;

    static {
        int n = 0;
        for (int len = 1; len <= 30; len++) {
            for (int sym = 0; sym <= EOS; sym++) {
                if (LENGTHS[sym] == len) {
                    SORTED[n++] = sym;
                }
            }
        }
        int distinct = 0;
        for (int i = 0; i < 257; i++) {
            if (i == 0 || LENGTHS[SORTED[i]] != LENGTHS[SORTED[i - 1]]) {
                distinct++;
            }
        }
        LEN = new int[distinct];
        FIRST = new int[distinct];
        BASE = new int[distinct];
        LIMIT = new long[distinct];
        int code = 0;
        int k = -1;
        int previousLength = LENGTHS[SORTED[0]];
        for (int i = 0; i < 257; i++) {
            int sym = SORTED[i];
            int len = LENGTHS[sym];
            if (i > 0) {
                code = (code + 1) << (len - previousLength);
            }
            if (i == 0 || len != previousLength) {
                k++;
                LEN[k] = len;
                FIRST[k] = code;
                BASE[k] = i;
            }
            CODES[sym] = code;
            LIMIT[k] = ((long) code + 1) << (32 - len);
            previousLength = len;
        }
    }

    private Huffman() {}

    /** The code of {@code symbol} (0..255), right-aligned in {@link #length} bits. */
    public static int code(int symbol) {
        return CODES[symbol];
    }

    public static int length(int symbol) {
        return LENGTHS[symbol];
    }

    /** Upper bound of the decoded length of {@code n} encoded bytes (the shortest code has 5 bits). */
    public static int maxDecodedLength(int n) {
        return n * 8 / 5 + 1;
    }

    /**
     * Decodes {@code src[off .. off+n)} into {@code dst} from {@code dstOff} (room for
     * {@link #maxDecodedLength} bytes).
     *
     * @return the decoded length, or -1 when the input is not a valid HPACK Huffman string (EOS
     *     inside it, or padding longer than 7 bits or not all ones)
     */
    public static int decode(byte[] src, int off, int n, byte[] dst, int dstOff) {
        long acc = 0;
        int bits = 0;
        int i = off;
        int end = off + n;
        int o = dstOff;
        while (true) {
            while (bits <= 56 && i < end) {
                acc = acc << 8 | (src[i++] & 0xFF);
                bits += 8;
            }
            if (bits == 0) {
                return o - dstOff;
            }
            long window = bits >= 32 ? (acc >>> (bits - 32)) & 0xFFFFFFFFL : (acc << (32 - bits)) & 0xFFFFFFFFL;
            int k = 0;
            while (window >= LIMIT[k]) {
                k++;
            }
            int len = LEN[k];
            if (len > bits) {
                // what is left must be padding: fewer than 8 bits, all ones (a prefix of EOS)
                long mask = (1L << bits) - 1;
                return bits <= 7 && (acc & mask) == mask ? o - dstOff : -1;
            }
            int sym = SORTED[BASE[k] + (int) ((window >>> (32 - len)) - FIRST[k])];
            if (sym == EOS) {
                return -1;
            }
            dst[o++] = (byte) sym;
            bits -= len;
            acc &= (1L << bits) - 1;
        }
    }

    /** Bytes {@link #encode} writes for {@code src[off .. off+n)}. */
    public static int encodedLength(byte[] src, int off, int n) {
        long bits = 0;
        for (int i = off; i < off + n; i++) {
            bits += LENGTHS[src[i] & 0xFF];
        }
        return (int) ((bits + 7) / 8);
    }

    /** Encodes {@code src[off .. off+n)} into {@code dst} from {@code dstOff}; returns the bytes written. */
    public static int encode(byte[] src, int off, int n, byte[] dst, int dstOff) {
        long acc = 0;
        int bits = 0;
        int o = dstOff;
        for (int i = off; i < off + n; i++) {
            int sym = src[i] & 0xFF;
            acc = acc << LENGTHS[sym] | CODES[sym];
            bits += LENGTHS[sym];
            while (bits >= 8) {
                bits -= 8;
                dst[o++] = (byte) (acc >>> bits);
            }
            acc &= (1L << bits) - 1;
        }
        if (bits > 0) {
            dst[o++] = (byte) (acc << (8 - bits) | (0xFF >>> bits));
        }
        return o - dstOff;
    }
}
