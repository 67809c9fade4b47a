package io.tapflow.gen.conv;

import io.tapflow.gen.truth.L7Truth;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** DNS messages (RFC 1035) and exchanges over UDP or TCP, with their L7 truth. */
public final class Dns {
    public static final int TYPE_A = 1;
    public static final int TYPE_AAAA = 28;

    private Dns() {}

    public static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        header(b, id, 0x0100, 1, 0);
        question(b, name, type);
        return b.toByteArray();
    }

    /** A response with {@code answers} records (0 when rcode is not 0). */
    public static byte[] response(int id, String name, int type, int rcode, int answers) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int n = rcode == 0 ? answers : 0;
        header(b, id, 0x8180 | rcode, 1, n);
        question(b, name, type);
        for (int i = 0; i < n; i++) {
            put16(b, 0xC00C);
            put16(b, type);
            put16(b, 1);
            put32(b, 300);
            if (type == TYPE_AAAA) {
                put16(b, 16);
                b.writeBytes(new byte[] {(byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) (i + 1)});
            } else {
                put16(b, 4);
                b.writeBytes(new byte[] {10, 99, 0, (byte) (i + 1)});
            }
        }
        return b.toByteArray();
    }

    /** The same message with the 2-byte length prefix DNS uses over TCP. */
    public static byte[] overTcp(byte[] message) {
        byte[] m = new byte[message.length + 2];
        m[0] = (byte) (message.length >>> 8);
        m[1] = (byte) message.length;
        System.arraycopy(message, 0, m, 2, message.length);
        return m;
    }

    /** Query and (when {@code rcode} ≥ 0) response over UDP after {@code serverDelayUs}; rcode -1 = no answer. */
    public static void udpExchange(UdpConversation c, int id, String name, int type, int rcode, long thinkUs,
                                   long serverDelayUs) {
        long q = c.clientSends(query(id, name, type), thinkUs).tsUs;
        long r = -1;
        if (rcode >= 0) {
            r = c.serverAnswers(response(id, name, type, rcode, 2), serverDelayUs).tsUs;
        }
        c.truth().l7.add(new L7Truth("dns", typeName(type) + " " + name, rcode, q, r, Integer.toString(id)));
    }

    /** Query and response over an established TCP conversation. */
    public static void tcpExchange(TcpConversation c, int id, String name, int type, int rcode, long serverDelayUs) {
        c.request(overTcp(query(id, name, type)), 0);
        long q = Http.firstOfLast(c, true);
        c.response(overTcp(response(id, name, type, rcode, 2)), serverDelayUs);
        long r = Http.firstOfLast(c, false);
        c.clientAck();
        c.truth().l7.add(new L7Truth("dns", typeName(type) + " " + name, rcode, q, r, Integer.toString(id)));
    }

    private static String typeName(int type) {
        return type == TYPE_AAAA ? "AAAA" : type == TYPE_A ? "A" : "TYPE" + type;
    }

    private static void header(ByteArrayOutputStream b, int id, int flags, int questions, int answers) {
        put16(b, id);
        put16(b, flags);
        put16(b, questions);
        put16(b, answers);
        put16(b, 0);
        put16(b, 0);
    }

    private static void question(ByteArrayOutputStream b, String name, int type) {
        for (String label : name.split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            b.write(l.length);
            b.writeBytes(l);
        }
        b.write(0);
        put16(b, type);
        put16(b, 1);
    }

    private static void put16(ByteArrayOutputStream b, int v) {
        b.write(v >>> 8);
        b.write(v);
    }

    private static void put32(ByteArrayOutputStream b, int v) {
        put16(b, v >>> 16);
        put16(b, v);
    }
}
