package io.tapflow.l7;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Test builder of DNS messages (RFC 1035 wire format). */
final class Dns {
    static final int A = 1, AAAA = 28, CNAME = 5, MX = 15, TXT = 16;

    private Dns() {}

    static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        header(b, id, 0x0100, 1, 0);
        name(b, name);
        u16(b, type);
        u16(b, 1);
        return b.toByteArray();
    }

    /**
     * A response to {@link #query}: the question, then one answer per address (IPv4 → A, IPv6 →
     * AAAA; "cname:x" → a CNAME to x), every answer name compressed to the question's name.
     */
    static byte[] response(int id, String name, int type, int rcode, String... answers) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        header(b, id, 0x8180 | rcode, 1, answers.length);
        name(b, name);
        u16(b, type);
        u16(b, 1);
        for (String a : answers) {
            u16(b, 0xC00C);
            if (a.startsWith("cname:")) {
                u16(b, CNAME);
                u16(b, 1);
                u32(b, 300);
                ByteArrayOutputStream rd = new ByteArrayOutputStream();
                name(rd, a.substring(6));
                u16(b, rd.size());
                b.writeBytes(rd.toByteArray());
                continue;
            }
            byte[] addr = address(a);
            u16(b, addr.length == 4 ? A : AAAA);
            u16(b, 1);
            u32(b, 300);
            u16(b, addr.length);
            b.writeBytes(addr);
        }
        return b.toByteArray();
    }

    /** Messages with their 2-byte length prefixes, back to back (DNS over TCP). */
    static byte[] tcp(byte[]... messages) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            u16(b, m.length);
            b.writeBytes(m);
        }
        return b.toByteArray();
    }

    static void header(ByteArrayOutputStream b, int id, int flags, int qd, int an) {
        u16(b, id);
        u16(b, flags);
        u16(b, qd);
        u16(b, an);
        u16(b, 0);
        u16(b, 0);
    }

    static void name(ByteArrayOutputStream b, String name) {
        if (!name.isEmpty()) {
            for (String label : name.split("\\.")) {
                b.write(label.length());
                b.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
        b.write(0);
    }

    static void u16(ByteArrayOutputStream b, int v) {
        b.write(v >>> 8);
        b.write(v);
    }

    static void u32(ByteArrayOutputStream b, int v) {
        u16(b, v >>> 16);
        u16(b, v);
    }

    static byte[] address(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
