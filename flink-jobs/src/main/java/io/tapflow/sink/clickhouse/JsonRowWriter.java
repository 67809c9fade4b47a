package io.tapflow.sink.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes JSONEachRow text (one JSON object per line) straight into a growable byte array: one
 * instance holds one batch. Values are formatted without intermediate strings or boxing.
 *
 * <p>Strings are UTF-8. Raw bytes ({@link #bytesValue}) are written as a JSON string holding the
 * bytes themselves: ClickHouse reads JSON strings byte for byte (no UTF-8 validation), which is how
 * binary values reach {@code String} and {@code FixedString(N)} columns; only {@code "}, {@code \}
 * and control bytes are escaped, because {@code \}{@code u00XX} above 0x7F would be decoded to two
 * UTF-8 bytes.
 */
public final class JsonRowWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_DEPTH = 64;

    private byte[] buf;
    private int len;
    private int rows;
    /** Per nesting level: whether the next member or element needs a leading comma. */
    private final boolean[] comma = new boolean[MAX_DEPTH];
    private int depth = -1;
    private boolean afterKey;

    public JsonRowWriter(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    /** A field name, encoded once and reused for every row. */
    public static final class Key {
        private final byte[] bytes;
        private final String name;

        private Key(String name) {
            JsonRowWriter w = new JsonRowWriter(name.length() * 2 + 4);
            w.putQuoted(name);
            w.put((byte) ':');
            this.bytes = Arrays.copyOf(w.buf, w.len);
            this.name = name;
        }

        public static Key of(String name) {
            return new Key(name);
        }

        public String name() {
            return name;
        }
    }

    // ---------------------------------------------------------------- structure

    public JsonRowWriter beginObject() {
        beforeValue();
        put((byte) '{');
        push();
        return this;
    }

    public JsonRowWriter endObject() {
        put((byte) '}');
        depth--;
        return this;
    }

    public JsonRowWriter beginArray() {
        beforeValue();
        put((byte) '[');
        push();
        return this;
    }

    public JsonRowWriter endArray() {
        put((byte) ']');
        depth--;
        return this;
    }

    public JsonRowWriter key(Key key) {
        if (comma[depth]) {
            put((byte) ',');
        }
        comma[depth] = true;
        putAll(key.bytes, key.bytes.length);
        afterKey = true;
        return this;
    }

    /** A field name given as text (map keys); prefer a reusable {@link Key} for fixed names. */
    public JsonRowWriter key(CharSequence name) {
        if (comma[depth]) {
            put((byte) ',');
        }
        comma[depth] = true;
        putQuoted(name);
        put((byte) ':');
        afterKey = true;
        return this;
    }

    // ---------------------------------------------------------------- values

    public JsonRowWriter nullValue() {
        beforeValue();
        putAscii("null");
        return this;
    }

    public JsonRowWriter longValue(long v) {
        beforeValue();
        putLong(v);
        return this;
    }

    /** {@code v} read as an unsigned 64-bit number (UInt64 values above 2^63 arrive negative in a Java long). */
    public JsonRowWriter unsignedLongValue(long v) {
        beforeValue();
        if (v >= 0) {
            putLong(v);
        } else {
            putAscii(Long.toUnsignedString(v));
        }
        return this;
    }

    public JsonRowWriter doubleValue(double v) {
        beforeValue();
        if (Double.isNaN(v)) {
            putAscii("nan");
        } else if (Double.isInfinite(v)) {
            putAscii(v > 0 ? "inf" : "-inf");
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            putLong((long) v);
        } else {
            putAscii(Double.toString(v));
        }
        return this;
    }

    public JsonRowWriter stringValue(CharSequence s) {
        beforeValue();
        putQuoted(s);
        return this;
    }

    /** The bytes from {@code b}'s position to its limit as a JSON string, byte for byte; {@code b} is not consumed. */
    public JsonRowWriter bytesValue(ByteBuffer b) {
        beforeValue();
        put((byte) '"');
        for (int i = b.position(), end = b.limit(); i < end; i++) {
            byte x = b.get(i);
            if (x >= 0 && x < 0x80) {
                putAsciiChar((char) x);
            } else {
                put(x);
            }
        }
        put((byte) '"');
        return this;
    }

    /** An IPv4 address held as an unsigned 32-bit number, as dotted text ({@code 16909060} → {@code "1.2.3.4"}). */
    public JsonRowWriter ipv4Value(long address) {
        beforeValue();
        put((byte) '"');
        putDotted(address);
        put((byte) '"');
        return this;
    }

    /**
     * A 16-byte IPv6 address as text (eight uncompressed groups, valid for every parser); a 4-byte
     * IPv4 address as its IPv4-mapped form {@code ::ffff:a.b.c.d}; no bytes as {@code ::}.
     */
    public JsonRowWriter ipv6Value(ByteBuffer b) {
        beforeValue();
        int p = b.position();
        int n = b.remaining();
        put((byte) '"');
        if (n == 0) {
            putAscii("::");
        } else if (n == 4) {
            putAscii("::ffff:");
            putDotted(b.getInt(p) & 0xFFFFFFFFL);
        } else if (n == 16) {
            for (int g = 0; g < 8; g++) {
                if (g > 0) {
                    put((byte) ':');
                }
                putHexGroup(((b.get(p + 2 * g) & 0xFF) << 8) | (b.get(p + 2 * g + 1) & 0xFF));
            }
        } else {
            throw new IllegalArgumentException("an IP address has 0, 4 or 16 bytes, not " + n);
        }
        put((byte) '"');
        return this;
    }

    /**
     * Microseconds since the epoch as a {@code DateTime64(precision)} value: quoted decimal seconds
     * ({@code "1700000000.123456"}), which every server that has DateTime64 reads the same way
     * whatever its time zone (a bare integer would be read as ticks or seconds depending on the
     * version).
     */
    public JsonRowWriter epochMicrosAsDecimalSeconds(long micros, int precision) {
        beforeValue();
        long ticks = precision >= 6 ? micros * pow10(precision - 6) : micros / pow10(6 - precision);
        long scale = pow10(precision);
        put((byte) '"');
        if (ticks < 0) {
            put((byte) '-');
            ticks = -ticks;
        }
        putLong(ticks / scale);
        if (precision > 0) {
            put((byte) '.');
            long frac = ticks % scale;
            for (long d = scale / 10; d > 0; d /= 10) {
                put((byte) ('0' + (frac / d) % 10));
            }
        }
        put((byte) '"');
        return this;
    }

    // ---------------------------------------------------------------- rows and batch

    /** Starts a row (a top-level object). */
    void beginRow() {
        depth = -1;
        afterKey = false;
        beginObject();
    }

    /** Ends the row started by {@link #beginRow()}. */
    void endRow() {
        endObject();
        put((byte) '\n');
        rows++;
    }

    /** Drops everything written after {@code length} (a row whose serializer failed). */
    void truncate(int length) {
        len = length;
    }

    public int rows() {
        return rows;
    }

    public int length() {
        return len;
    }

    void reset() {
        len = 0;
        rows = 0;
        depth = -1;
    }

    /** Writes the batch; may be called more than once (request re-sends). */
    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    /** The text written so far, for tests and error messages. */
    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- internals

    private void push() {
        if (++depth >= MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        comma[depth] = false;
        afterKey = false;
    }

    private void beforeValue() {
        if (afterKey) {
            afterKey = false;
        } else if (depth >= 0) {
            if (comma[depth]) {
                put((byte) ',');
            }
            comma[depth] = true;
        }
    }

    private void putQuoted(CharSequence s) {
        put((byte) '"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                putAsciiChar(c);
            } else if (c < 0x800) {
                ensure(2);
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                put((byte) '?'); // a lone surrogate has no UTF-8 form (String.getBytes does the same)
            } else {
                ensure(3);
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        put((byte) '"');
    }

    private void putAsciiChar(char c) {
        switch (c) {
            case '"' -> putAscii("\\\"");
            case '\\' -> putAscii("\\\\");
            case '\n' -> putAscii("\\n");
            case '\r' -> putAscii("\\r");
            case '\t' -> putAscii("\\t");
            default -> {
                if (c < 0x20) {
                    putAscii("\\u00");
                    put(HEX[c >> 4]);
                    put(HEX[c & 0xF]);
                } else {
                    put((byte) c);
                }
            }
        }
    }

    private void putDotted(long a) {
        putLong((a >>> 24) & 0xFF);
        put((byte) '.');
        putLong((a >>> 16) & 0xFF);
        put((byte) '.');
        putLong((a >>> 8) & 0xFF);
        put((byte) '.');
        putLong(a & 0xFF);
    }

    private void putHexGroup(int v) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int d = (v >> shift) & 0xF;
            if (d != 0 || started || shift == 0) {
                put(HEX[d]);
                started = true;
            }
        }
    }

    private void putLong(long v) {
        if (v == Long.MIN_VALUE) {
            putAscii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    private void putAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void putAll(byte[] b, int n) {
        ensure(n);
        System.arraycopy(b, 0, buf, len, n);
        len += n;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
