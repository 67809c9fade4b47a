package io.tapflow.l7;

import io.tapflow.l7.http2.Huffman;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test builder of HTTP/2 frames, with an HPACK encoder that indexes and Huffman-codes like real peers. */
final class H2 {
    static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PUSH_PROMISE = 5, PING = 6, GOAWAY = 7,
            WINDOW_UPDATE = 8, CONTINUATION = 9;
    static final int END_STREAM = 1, END_HEADERS = 4, PADDED = 8, PRIORITY = 0x20, ACK = 1;

    private H2() {}

    static byte[] preface() {
        return "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] frame(int type, int flags, int stream, byte[] payload) {
        byte[] f = new byte[9 + payload.length];
        f[0] = (byte) (payload.length >>> 16);
        f[1] = (byte) (payload.length >>> 8);
        f[2] = (byte) payload.length;
        f[3] = (byte) type;
        f[4] = (byte) flags;
        f[5] = (byte) (stream >>> 24);
        f[6] = (byte) (stream >>> 16);
        f[7] = (byte) (stream >>> 8);
        f[8] = (byte) stream;
        System.arraycopy(payload, 0, f, 9, payload.length);
        return f;
    }

    static byte[] settings(int... idValues) {
        byte[] p = new byte[idValues.length / 2 * 6];
        for (int i = 0; i < idValues.length / 2; i++) {
            int id = idValues[2 * i];
            int v = idValues[2 * i + 1];
            p[6 * i] = (byte) (id >>> 8);
            p[6 * i + 1] = (byte) id;
            p[6 * i + 2] = (byte) (v >>> 24);
            p[6 * i + 3] = (byte) (v >>> 16);
            p[6 * i + 4] = (byte) (v >>> 8);
            p[6 * i + 5] = (byte) v;
        }
        return frame(SETTINGS, 0, 0, p);
    }

    static byte[] settingsAck() {
        return frame(SETTINGS, ACK, 0, new byte[0]);
    }

    static byte[] windowUpdate(int stream, int increment) {
        return frame(WINDOW_UPDATE, 0, stream, new byte[] {(byte) (increment >>> 24), (byte) (increment >>> 16),
            (byte) (increment >>> 8), (byte) increment});
    }

    static byte[] rst(int stream, int code) {
        return frame(RST_STREAM, 0, stream, new byte[] {0, 0, 0, (byte) code});
    }

    /** A gRPC length-prefixed message in a DATA frame. */
    static byte[] grpcData(int stream, int flags, int messageLength) {
        byte[] p = new byte[5 + messageLength];
        p[1] = (byte) (messageLength >>> 24);
        p[2] = (byte) (messageLength >>> 16);
        p[3] = (byte) (messageLength >>> 8);
        p[4] = (byte) messageLength;
        for (int i = 5; i < p.length; i++) {
            p[i] = (byte) (0x0A + i % 7);
        }
        return frame(DATA, flags, stream, p);
    }

    static byte[] data(int stream, int flags, int length) {
        byte[] p = new byte[length];
        java.util.Arrays.fill(p, (byte) 'x');
        return frame(DATA, flags, stream, p);
    }

    /**
     * HPACK encoder of one direction: static-table hits are indexed, other fields are sent as
     * literals with incremental indexing (Huffman-coded when shorter) and then indexed from the
     * dynamic table, which it keeps like the decoder must (4096 bytes, FIFO eviction).
     */
    static final class Encoder {
        private final List<String[]> dynamic = new ArrayList<>();
        private int size;
        private int maxSize = 4096;
        boolean huffman = true;
        boolean indexing = true;
        /** Bytes of a pending dynamic table size update, emitted at the start of the next block. */
        private int pendingResize = -1;

        void resize(int newMax) {
            pendingResize = newMax;
        }

        byte[] block(String... nameValues) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            if (pendingResize >= 0) {
                integer(b, 0x20, 5, pendingResize);
                maxSize = pendingResize;
                evict(0);
                pendingResize = -1;
            }
            for (int i = 0; i < nameValues.length; i += 2) {
                field(b, nameValues[i], nameValues[i + 1]);
            }
            return b.toByteArray();
        }

        private void field(ByteArrayOutputStream b, String name, String value) {
            int full = 0;
            int nameOnly = 0;
            for (int i = 1; i <= 61; i++) {
                byte[] n = io.tapflow.l7.http2.HpackStaticTable.name(i);
                if (new String(n, StandardCharsets.US_ASCII).equals(name)) {
                    if (nameOnly == 0) {
                        nameOnly = i;
                    }
                    if (new String(io.tapflow.l7.http2.HpackStaticTable.value(i), StandardCharsets.US_ASCII).equals(value)) {
                        full = i;
                        break;
                    }
                }
            }
            for (int i = 0; full == 0 && i < dynamic.size(); i++) {
                String[] e = dynamic.get(i);
                if (e[0].equals(name)) {
                    if (nameOnly == 0) {
                        nameOnly = 62 + i;
                    }
                    if (e[1].equals(value)) {
                        full = 62 + i;
                    }
                }
            }
            if (full > 0) {
                integer(b, 0x80, 7, full);
                return;
            }
            if (indexing) {
                integer(b, 0x40, 6, nameOnly);
            } else {
                integer(b, 0x00, 4, nameOnly);
            }
            if (nameOnly == 0) {
                string(b, name);
            }
            string(b, value);
            if (indexing) {
                int entry = name.length() + value.length() + 32;
                evict(maxSize - entry);
                if (entry <= maxSize) {
                    dynamic.add(0, new String[] {name, value});
                    size += entry;
                }
            }
        }

        private void evict(int target) {
            while (size > target && !dynamic.isEmpty()) {
                String[] e = dynamic.remove(dynamic.size() - 1);
                size -= e[0].length() + e[1].length() + 32;
            }
        }

        private void string(ByteArrayOutputStream b, String s) {
            byte[] raw = s.getBytes(StandardCharsets.ISO_8859_1);
            int h = Huffman.encodedLength(raw, 0, raw.length);
            if (huffman && h < raw.length) {
                byte[] enc = new byte[h];
                Huffman.encode(raw, 0, raw.length, enc, 0);
                integer(b, 0x80, 7, h);
                b.writeBytes(enc);
            } else {
                integer(b, 0x00, 7, raw.length);
                b.writeBytes(raw);
            }
        }

        static void integer(ByteArrayOutputStream b, int firstBits, int prefix, int v) {
            int max = (1 << prefix) - 1;
            if (v < max) {
                b.write(firstBits | v);
                return;
            }
            b.write(firstBits | max);
            v -= max;
            while (v >= 128) {
                b.write((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            b.write(v);
        }
    }
}
