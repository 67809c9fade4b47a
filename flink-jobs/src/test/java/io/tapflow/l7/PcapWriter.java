package io.tapflow.l7;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A minimal pcap writer for tests: Ethernet II / IPv4 / TCP or UDP frames with correct IP, TCP and
 * UDP checksums, microsecond timestamps. Plus {@link Tcp}, a TCP connection that keeps its sequence
 * numbers, cuts payloads into MSS-sized segments and acknowledges them.
 */
final class PcapWriter implements Closeable {
    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;
    private final OutputStream out;
    private int ipId = 1;

    PcapWriter(Path file) throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
        out.write(h.array());
    }

    void tcp(long tsUs, byte[] src, int sport, byte[] dst, int dport, long seq, long ack, int flags, byte[] payload,
             int off, int len) throws IOException {
        byte[] l4 = new byte[20 + len];
        ByteBuffer t = ByteBuffer.wrap(l4);
        t.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack);
        t.put((byte) 0x50).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        System.arraycopy(payload, off, l4, 20, len);
        int sum = checksum(pseudo(src, dst, 6, l4.length), l4);
        l4[16] = (byte) (sum >>> 8);
        l4[17] = (byte) sum;
        frame(tsUs, src, dst, 6, l4);
    }

    void udp(long tsUs, byte[] src, int sport, byte[] dst, int dport, byte[] payload) throws IOException {
        byte[] l4 = new byte[8 + payload.length];
        ByteBuffer u = ByteBuffer.wrap(l4);
        u.putShort((short) sport).putShort((short) dport).putShort((short) l4.length).putShort((short) 0);
        System.arraycopy(payload, 0, l4, 8, payload.length);
        int sum = checksum(pseudo(src, dst, 17, l4.length), l4);
        if (sum == 0) {
            sum = 0xFFFF;
        }
        l4[6] = (byte) (sum >>> 8);
        l4[7] = (byte) sum;
        frame(tsUs, src, dst, 17, l4);
    }

    private void frame(long tsUs, byte[] src, byte[] dst, int protocol, byte[] l4) throws IOException {
        int ipLength = 20 + l4.length;
        ByteBuffer f = ByteBuffer.allocate(14 + ipLength);
        f.put(new byte[] {0x02, 0, 0, 0, 0, dst[3]}).put(new byte[] {0x02, 0, 0, 0, 0, src[3]}).putShort((short) 0x0800);
        int ip = f.position();
        f.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) ipId++).putShort((short) 0x4000);
        f.put((byte) 64).put((byte) protocol).putShort((short) 0).put(src).put(dst);
        int sum = checksum(new byte[0], java.util.Arrays.copyOfRange(f.array(), ip, ip + 20));
        f.putShort(ip + 10, (short) sum);
        f.put(l4);
        ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        r.putInt((int) (tsUs / 1_000_000)).putInt((int) (tsUs % 1_000_000)).putInt(f.capacity()).putInt(f.capacity());
        out.write(r.array());
        out.write(f.array());
    }

    private static byte[] pseudo(byte[] src, byte[] dst, int protocol, int length) {
        ByteBuffer p = ByteBuffer.allocate(12);
        p.put(src).put(dst).put((byte) 0).put((byte) protocol).putShort((short) length);
        return p.array();
    }

    private static int checksum(byte[] pseudo, byte[] data) {
        long sum = 0;
        for (byte[] b : new byte[][] {pseudo, data}) {
            for (int i = 0; i < b.length; i += 2) {
                int hi = b[i] & 0xFF;
                int lo = i + 1 < b.length ? b[i + 1] & 0xFF : 0;
                sum += hi << 8 | lo;
            }
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    static byte[] ip(String dotted) {
        String[] p = dotted.split("\\.");
        return new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]), (byte) Integer.parseInt(p[2]),
            (byte) Integer.parseInt(p[3])};
    }

    /** One TCP connection written to the capture. */
    static final class Tcp {
        private final PcapWriter w;
        private final byte[] client;
        private final byte[] server;
        private final int clientPort;
        private final int serverPort;
        private long clientSeq = 100_000;
        private long serverSeq = 7_000_000;
        int mss = 1448;

        Tcp(PcapWriter w, String client, int clientPort, String server, int serverPort) {
            this.w = w;
            this.client = ip(client);
            this.server = ip(server);
            this.clientPort = clientPort;
            this.serverPort = serverPort;
        }

        Tcp open(long t) throws IOException {
            w.tcp(t, client, clientPort, server, serverPort, clientSeq++, 0, SYN, new byte[0], 0, 0);
            w.tcp(t + 50, server, serverPort, client, clientPort, serverSeq++, clientSeq, SYN | ACK, new byte[0], 0, 0);
            w.tcp(t + 100, client, clientPort, server, serverPort, clientSeq, serverSeq, ACK, new byte[0], 0, 0);
            return this;
        }

        /** Sends {@code data} in MSS-sized segments 10 µs apart from t, then the peer acknowledges it. */
        Tcp send(boolean fromClient, long t, byte[] data) throws IOException {
            for (int off = 0, i = 0; off < data.length; off += mss, i++) {
                int len = Math.min(mss, data.length - off);
                int flags = ACK | (off + len == data.length ? PSH : 0);
                if (fromClient) {
                    w.tcp(t + 10L * i, client, clientPort, server, serverPort, clientSeq, serverSeq, flags, data, off, len);
                    clientSeq = (clientSeq + len) & 0xFFFFFFFFL;
                } else {
                    w.tcp(t + 10L * i, server, serverPort, client, clientPort, serverSeq, clientSeq, flags, data, off, len);
                    serverSeq = (serverSeq + len) & 0xFFFFFFFFL;
                }
            }
            long ackAt = t + 10L * ((data.length + mss - 1) / mss) + 5;
            if (fromClient) {
                w.tcp(ackAt, server, serverPort, client, clientPort, serverSeq, clientSeq, ACK, new byte[0], 0, 0);
            } else {
                w.tcp(ackAt, client, clientPort, server, serverPort, clientSeq, serverSeq, ACK, new byte[0], 0, 0);
            }
            return this;
        }

        Tcp client(long t, byte[] data) throws IOException {
            return send(true, t, data);
        }

        Tcp server(long t, byte[] data) throws IOException {
            return send(false, t, data);
        }

        Tcp close(long t) throws IOException {
            w.tcp(t, client, clientPort, server, serverPort, clientSeq, serverSeq, FIN | ACK, new byte[0], 0, 0);
            clientSeq++;
            w.tcp(t + 50, server, serverPort, client, clientPort, serverSeq, clientSeq, FIN | ACK, new byte[0], 0, 0);
            serverSeq++;
            w.tcp(t + 100, client, clientPort, server, serverPort, clientSeq, serverSeq, ACK, new byte[0], 0, 0);
            return this;
        }
    }
}
