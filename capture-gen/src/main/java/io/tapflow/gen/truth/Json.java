package io.tapflow.gen.truth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/** A minimal streaming JSON writer (the generator has no JSON library dependency). */
public final class Json {
    private final Writer out;
    private boolean needComma;

    public Json(Writer out) {
        this.out = out;
    }

    public Json beginObject() { return open('{'); }
    public Json endObject() { return close('}'); }
    public Json beginArray() { return open('['); }
    public Json endArray() { return close(']'); }

    public Json name(String name) {
        comma();
        string(name);
        write(":");
        needComma = false;
        return this;
    }

    public Json field(String name, String value) {
        name(name);
        return value(value);
    }

    public Json field(String name, long value) {
        name(name);
        return value(value);
    }

    public Json field(String name, boolean value) {
        name(name);
        comma();
        write(value ? "true" : "false");
        needComma = true;
        return this;
    }

    public Json value(String v) {
        comma();
        if (v == null) {
            write("null");
        } else {
            string(v);
        }
        needComma = true;
        return this;
    }

    public Json value(long v) {
        comma();
        write(Long.toString(v));
        needComma = true;
        return this;
    }

    public Json field(String name, long[] values) {
        name(name);
        beginArray();
        for (long v : values) {
            value(v);
        }
        return endArray();
    }

    private Json open(char c) {
        comma();
        write(String.valueOf(c));
        needComma = false;
        return this;
    }

    private Json close(char c) {
        write(String.valueOf(c));
        needComma = true;
        return this;
    }

    private void comma() {
        if (needComma) {
            write(",");
            needComma = false;
        }
    }

    private void string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        write(b.append('"').toString());
    }

    /** Starts a new line (for line-oriented output such as JSON Lines). */
    public void newline() {
        write("\n");
        needComma = false;
    }

    private void write(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
