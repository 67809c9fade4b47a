package io.tapflow.l7.bench;

import io.tapflow.l7.L7Config;
import io.tapflow.l7.L7Counters;
import io.tapflow.l7.L7Engine;
import io.tapflow.l7.L7Session;
import io.tapflow.schema.L7FlowLog;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Requests parsed and paired per second on one core: synthetic HTTP/1.1 keep-alive, gRPC over
 * HTTP/2 (HPACK-indexed headers after the first call) and DNS over UDP, fed packet by packet to an
 * {@link L7Engine} across many interleaved flows, with 256-byte payload prefixes as the agent ships
 * them. Prints one line per workload: packets/s, exchanges/s, ns and bytes allocated per exchange.
 *
 * <p>Usage: {@code L7Benchmark [seconds-per-workload=5] [flows=1000]}. Not a test: run it on a quiet
 * machine and read the figures, which depend on the hardware.
 */
public final class L7Benchmark {
    private static final int PREFIX = 256;
    private static final long BASE_US = 1_700_000_000_000_000L;

    /** One packet of a flow, ready to feed. */
    private record Packet(int flow, boolean fromClient, int flags, long seq, int length, ByteBuffer prefix) {}

    private final List<Packet> packets = new ArrayList<>();
    private int exchanges;

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int flows = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        System.out.printf("l7 benchmark: %d interleaved flows, %d-byte payload prefixes, %.1f s per workload, one thread%n",
                flows, PREFIX, seconds);
        run("http1 keep-alive", http1(flows), flows, 6, seconds);
        run("grpc over http2", grpc(flows), flows, 6, seconds);
        run("dns over udp", dns(flows), flows, 17, seconds);
    }

    private static void run(String name, L7Benchmark w, int flows, int ipProtocol, double seconds) {
        L7Engine engine = new L7Engine(L7Config.defaults());
        long[] records = new long[1];
        Consumer<L7FlowLog> out = r -> records[0]++;
        L7Counters sink = new L7Counters();
        // warm up, then measure whole passes over the workload until the time is up
        long warmUntil = System.nanoTime() + (long) (Math.min(seconds, 2) * 1e9);
        while (System.nanoTime() < warmUntil) {
            w.pass(engine, flows, ipProtocol, out, sink);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        records[0] = 0;
        long passes = 0;
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            w.pass(engine, flows, ipProtocol, out, sink);
            passes++;
        }
        // rates per core: the thread's own CPU time, so that other load on the machine does not count
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        long wall = System.nanoTime() - start;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        long exchanges = passes * w.exchanges;
        double s = cpu / 1e9;
        System.out.printf("%-18s %,12.0f packets/s  %,10.0f exchanges/s  %6.0f ns/exchange  %6.0f B/exchange  "
                        + "(per CPU-second of one thread; %.0f%% of wall time on CPU; records %,d, anomalies %d)%n",
                name, passes * w.packets.size() / s, exchanges / s, cpu / (double) exchanges,
                allocated / (double) exchanges, 100.0 * cpu / wall, records[0], engine.anomalies().total());
        if (engine.anomalies().total() > 0) {
            System.out.println("  anomalies: " + engine.anomalies());
        }
    }

    /** Feeds every packet once, on fresh sessions, and ends every flow. */
    private void pass(L7Engine engine, int flows, int ipProtocol, Consumer<L7FlowLog> out, L7Counters sink) {
        L7Session[] sessions = new L7Session[flows];
        for (int i = 0; i < flows; i++) {
            sessions[i] = engine.open(i + 1, ipProtocol);
        }
        long t = BASE_US;
        for (Packet p : packets) {
            L7Session s = sessions[p.flow];
            t += 3;
            engine.onPacket(s, p.fromClient, t, p.flags, p.seq, p.length, p.prefix, out);
            s.counters.drainInto(sink, null);
        }
        for (L7Session s : sessions) {
            engine.onFlowEnd(s, t, out);
        }
    }

    // ---- workloads -------------------------------------------------------------------------

    private static final int ACK = 0x10;
    private static final int PSH = 0x08;
    private static final int SYN = 0x02;

    /** Per flow: a handshake, then 20 requests (header ~300 bytes) with 1400..3400-byte responses. */
    static L7Benchmark http1(int flows) {
        L7Benchmark w = new L7Benchmark();
        long[] cseq = new long[flows];
        long[] sseq = new long[flows];
        for (int f = 0; f < flows; f++) {
            cseq[f] = 1000L * f;
            sseq[f] = 5_000_000L + 1000L * f;
            w.add(f, true, SYN, cseq[f]++, null);
            w.add(f, false, SYN | ACK, sseq[f]++, null);
            w.add(f, true, ACK, cseq[f], null);
        }
        for (int round = 0; round < 20; round++) {
            for (int f = 0; f < flows; f++) {
                // ~230 bytes: within the 256-byte prefix (longer headers are cut, see docs/l7.md)
                String request = "GET /api/v1/orders/" + (round * 31 + f) + "?include=items HTTP/1.1\r\nHost: orders.svc\r\n"
                        + "X-Forwarded-For: 10.0." + (f % 250) + ".7\r\nX-Request-Id: 3f1c" + f + "-" + round
                        + "\r\ntraceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n\r\n";
                cseq[f] = w.tcp(f, true, cseq[f], ascii(request));
                w.add(f, false, ACK, sseq[f], null);
                int body = 1400 + (round % 3) * 1000;
                String head = "HTTP/1.1 " + (round % 10 == 9 ? "503 Service Unavailable" : "200 OK")
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body + "\r\nDate: Tue, 14 Nov 2023 22:13:20 GMT\r\n\r\n";
                byte[] response = new byte[head.length() + body];
                System.arraycopy(ascii(head), 0, response, 0, head.length());
                sseq[f] = w.tcp(f, false, sseq[f], response);
                w.add(f, true, ACK, cseq[f], null);
                w.exchanges++;
            }
        }
        return w;
    }

    /** Per flow: the connection preface, then 20 unary calls on odd streams, two at a time, with trailers. */
    static L7Benchmark grpc(int flows) {
        L7Benchmark w = new L7Benchmark();
        long[] cseq = new long[flows];
        long[] sseq = new long[flows];
        for (int f = 0; f < flows; f++) {
            cseq[f] = 1000L * f;
            sseq[f] = 7_000_000L + 1000L * f;
            w.add(f, true, SYN, cseq[f]++, null);
            w.add(f, false, SYN | ACK, sseq[f]++, null);
            w.add(f, true, ACK, cseq[f], null);
            cseq[f] = w.tcp(f, true, cseq[f], concat(ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), frame(4, 0, 0, new byte[0])));
            sseq[f] = w.tcp(f, false, sseq[f], concat(frame(4, 0, 0, new byte[0]), frame(4, 1, 0, new byte[0])));
        }
        for (int round = 0; round < 10; round++) {
            for (int f = 0; f < flows; f++) {
                int s1 = 1 + 4 * round;
                int s2 = s1 + 2;
                boolean first = round == 0;
                byte[] call1 = concat(frame(1, 4, s1, requestBlock(first, "/orders.Orders/Get")), grpcData(s1, 1, 60));
                byte[] call2 = concat(frame(1, 4, s2, requestBlock(false, "/orders.Orders/List")), grpcData(s2, 1, 20));
                if (first) {
                    // the first call of a connection goes out alone, with its headers spelled out in full
                    cseq[f] = w.tcp(f, true, cseq[f], call1);
                    cseq[f] = w.tcp(f, true, cseq[f], call2);
                } else {
                    cseq[f] = w.tcp(f, true, cseq[f], concat(call1, call2));
                }
                // response headers with the message, then the trailers (grpc-status) as the handler returns
                sseq[f] = w.tcp(f, false, sseq[f], concat(frame(1, 4, s1, responseBlock(first)), grpcData(s1, 0, 180)));
                sseq[f] = w.tcp(f, false, sseq[f], frame(1, 5, s1, trailerBlock(first, round % 5 == 4 ? '5' : '0')));
                sseq[f] = w.tcp(f, false, sseq[f], concat(frame(1, 4, s2, responseBlock(false)), grpcData(s2, 0, 900)));
                sseq[f] = w.tcp(f, false, sseq[f], frame(1, 5, s2, trailerBlock(false, '0')));
                w.add(f, true, ACK, cseq[f], null);
                w.exchanges += 2;
            }
        }
        return w;
    }

    /** Per flow (a client socket): 10 A queries, answered with two addresses. */
    static L7Benchmark dns(int flows) {
        L7Benchmark w = new L7Benchmark();
        for (int round = 0; round < 10; round++) {
            for (int f = 0; f < flows; f++) {
                int id = (f * 10 + round) & 0xFFFF;
                String name = "svc-" + (f % 97) + ".ns" + round + ".svc.cluster.local";
                w.add(f, true, 0, 0, dnsMessage(id, name, false));
                w.add(f, false, 0, 0, dnsMessage(id, name, true));
                w.exchanges++;
            }
        }
        return w;
    }

    private void add(int flow, boolean fromClient, int flags, long seq, byte[] payload) {
        ByteBuffer prefix = payload == null ? null : ByteBuffer.wrap(payload, 0, Math.min(PREFIX, payload.length)).slice();
        packets.add(new Packet(flow, fromClient, flags, seq, payload == null ? 0 : payload.length, prefix));
    }

    /** Sends a message as 1448-byte segments; returns the next sequence number. */
    private long tcp(int flow, boolean fromClient, long seq, byte[] message) {
        for (int off = 0; off < message.length; off += 1448) {
            int n = Math.min(1448, message.length - off);
            byte[] segment = new byte[n];
            System.arraycopy(message, off, segment, 0, n);
            add(flow, fromClient, ACK | PSH, seq, segment);
            seq = (seq + n) & 0xFFFFFFFFL;
        }
        return seq;
    }

    // A peer's HPACK encoder in its steady state: the first block inserts the connection's constant
    // fields into the dynamic table (literal with incremental indexing), later blocks index them.
    private static byte[] requestBlock(boolean first, String path) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x83); // :method POST
        b.write(0x86); // :scheme http
        literal(b, 0x04, path); // :path, not indexed
        String[][] constant = {{":authority", "orders.svc:50051"}, {"content-type", "application/grpc"}, {"te", "trailers"},
            {"user-agent", "grpc-java-netty/1.60.0"}, {"grpc-accept-encoding", "gzip"}};
        for (int i = 0; i < constant.length; i++) {
            if (first) {
                b.write(0x40);
                literal(b, -1, constant[i][0]);
                literal(b, -1, constant[i][1]);
            } else {
                b.write(0x80 | (62 + constant.length - 1 - i));
            }
        }
        return b.toByteArray();
    }

    private static byte[] responseBlock(boolean first) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x88); // :status 200
        if (first) {
            b.write(0x40);
            literal(b, -1, "content-type");
            literal(b, -1, "application/grpc");
        } else {
            b.write(0x80 | 63); // content-type (trailers below insert one entry after it)
        }
        return b.toByteArray();
    }

    private static byte[] trailerBlock(boolean first, char status) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (first) {
            b.write(0x40);
            literal(b, -1, "grpc-status");
            literal(b, -1, "0");
        }
        if (status == '0') {
            b.write(0x80 | 62);
        } else {
            b.write(0x00);
            literal(b, -1, "grpc-status");
            literal(b, -1, String.valueOf(status));
        }
        return b.toByteArray();
    }

    /** A string literal (raw); with {@code nameIndexFirstByte} >= 0 first writes that byte (literal without indexing, name index). */
    private static void literal(ByteArrayOutputStream b, int nameIndexFirstByte, String s) {
        if (nameIndexFirstByte >= 0) {
            b.write(nameIndexFirstByte);
        }
        byte[] v = ascii(s);
        b.write(v.length);
        b.writeBytes(v);
    }

    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
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

    private static byte[] grpcData(int stream, int flags, int length) {
        byte[] p = new byte[5 + length];
        p[4] = (byte) length;
        p[3] = (byte) (length >>> 8);
        return frame(0, flags, stream, p);
    }

    private static byte[] dnsMessage(int id, String name, boolean response) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int[] header = {id, response ? 0x8180 : 0x0100, 1, response ? 2 : 0, 0, 0};
        for (int v : header) {
            b.write(v >>> 8);
            b.write(v);
        }
        for (String label : name.split("\\.")) {
            b.write(label.length());
            b.writeBytes(ascii(label));
        }
        b.write(0);
        b.writeBytes(new byte[] {0, 1, 0, 1});
        for (int i = 0; response && i < 2; i++) {
            b.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 10, 96, 0, (byte) (10 + i)});
        }
        return b.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}
