package io.tapflow.l7.http2;

import io.tapflow.l7.http.HeaderSink;

/**
 * Decodes an HPACK header block (RFC 7541) into a {@link HeaderSink}, maintaining the direction's
 * dynamic table. Literal strings are used in place; Huffman-coded ones are decoded into scratch
 * buffers; nothing is allocated per field except table growth. One instance per parser.
 */
public final class HpackDecoder {
    /** {@link #decode} result bit: the block is malformed (bad integer, index or string). */
    public static final int BAD = 1;
    /** {@link #decode} result bit: a dynamic-table entry was referenced that this table cannot know. */
    public static final int DESYNC = 2;

    private static final int MORE = -1;
    private static final int ERROR = -2;

    private byte[] nameScratch = new byte[256];
    private byte[] valueScratch = new byte[1024];
    private int pos;
    // where the last string read lives
    private byte[] sBuf;
    private int sOff;
    private int sLen;

    /**
     * Decodes {@code b[from .. to)}.
     *
     * @param complete the whole block is there; when false (cut by the payload prefix) running out
     *     of bytes mid-field just ends decoding
     * @param cap the most table bytes kept ({@link io.tapflow.l7.L7Config#maxHpackTableBytes()})
     * @return 0, or {@link #BAD} and/or {@link #DESYNC}
     */
    public int decode(HpackTable t, byte[] b, int from, int to, boolean complete, HeaderSink head, int cap) {
        pos = from;
        int result = 0;
        while (pos < to) {
            int c = b[pos] & 0xFF;
            if ((c & 0x80) != 0) {
                int index = readInt(b, to, 7);
                if (index < 0) {
                    return index == MORE && !complete ? result : result | BAD;
                }
                if (index == 0) {
                    return result | BAD;
                }
                if (index <= HpackStaticTable.SIZE) {
                    byte[] n = HpackStaticTable.name(index);
                    byte[] v = HpackStaticTable.value(index);
                    head.header(n, 0, n.length, v, 0, v.length);
                } else {
                    int d = index - HpackStaticTable.SIZE - 1;
                    if (t.broken || d >= t.count) {
                        // an entry whose insertion this engine missed
                        result |= DESYNC;
                        t.broken = true;
                        continue;
                    }
                    head.header(t.data, t.nameOffset(d), t.nameLength(d), t.data, t.valueOffset(d), t.valueLength(d));
                }
            } else if ((c & 0xE0) == 0x20) {
                int size = readInt(b, to, 5);
                if (size < 0) {
                    return size == MORE && !complete ? result : result | BAD;
                }
                t.resize(size);
            } else {
                boolean indexing = (c & 0xC0) == 0x40;
                int nameIndex = readInt(b, to, indexing ? 6 : 4);
                if (nameIndex < 0) {
                    return nameIndex == MORE && !complete ? result : result | BAD;
                }
                byte[] nb;
                int no;
                int nl;
                boolean nameKnown = true;
                if (nameIndex == 0) {
                    int r = readString(b, to, true);
                    if (r < 0) {
                        return r == MORE && !complete ? result : result | BAD;
                    }
                    nb = sBuf;
                    no = sOff;
                    nl = sLen;
                } else if (nameIndex <= HpackStaticTable.SIZE) {
                    nb = HpackStaticTable.name(nameIndex);
                    no = 0;
                    nl = nb.length;
                } else {
                    int d = nameIndex - HpackStaticTable.SIZE - 1;
                    if (t.broken || d >= t.count) {
                        result |= DESYNC;
                        t.broken = true;
                        nameKnown = false;
                        nb = null;
                        no = 0;
                        nl = 0;
                    } else {
                        nb = t.data;
                        no = t.nameOffset(d);
                        nl = t.nameLength(d);
                    }
                }
                int r = readString(b, to, false);
                if (r < 0) {
                    return r == MORE && !complete ? result : result | BAD;
                }
                if (nameKnown) {
                    head.header(nb, no, nl, sBuf, sOff, sLen);
                    if (indexing && !t.broken) {
                        t.insert(nb, no, nl, sBuf, sOff, sLen, cap);
                    }
                } else if (indexing) {
                    // an entry we cannot name went into the peer's table: ours no longer matches
                    t.broken = true;
                }
            }
        }
        return result;
    }

    /** An HPACK integer with an N-bit prefix at {@link #pos}; {@link #MORE} when cut, {@link #ERROR} when too large. */
    private int readInt(byte[] b, int to, int prefixBits) {
        int mask = (1 << prefixBits) - 1;
        int v = b[pos++] & mask;
        if (v < mask) {
            return v;
        }
        int shift = 0;
        while (true) {
            if (pos >= to) {
                return MORE;
            }
            int c = b[pos++] & 0xFF;
            v += (c & 0x7F) << shift;
            if ((c & 0x80) == 0) {
                return v;
            }
            shift += 7;
            if (shift > 21) {
                return ERROR;
            }
        }
    }

    /** A string literal at {@link #pos} into {@link #sBuf}/{@link #sOff}/{@link #sLen}. */
    private int readString(byte[] b, int to, boolean name) {
        if (pos >= to) {
            return MORE;
        }
        boolean huffman = (b[pos] & 0x80) != 0;
        int n = readInt(b, to, 7);
        if (n < 0) {
            return n;
        }
        if (pos + n > to) {
            return MORE;
        }
        if (!huffman) {
            sBuf = b;
            sOff = pos;
            sLen = n;
        } else {
            int need = Huffman.maxDecodedLength(n);
            byte[] dst = name ? nameScratch : valueScratch;
            if (dst.length < need) {
                dst = new byte[Math.max(need, dst.length * 2)];
                if (name) {
                    nameScratch = dst;
                } else {
                    valueScratch = dst;
                }
            }
            int len = Huffman.decode(b, pos, n, dst, 0);
            if (len < 0) {
                return ERROR;
            }
            sBuf = dst;
            sOff = 0;
            sLen = len;
        }
        pos += n;
        return 0;
    }
}
