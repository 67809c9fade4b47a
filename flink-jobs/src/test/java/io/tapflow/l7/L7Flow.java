package io.tapflow.l7;

import io.tapflow.schema.L7FlowLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test DSL: one TCP or UDP flow fed packet by packet to an {@link L7Engine}, with sequence numbers
 * kept per side, payloads cut into segments of {@link #mss} bytes and payload prefixes of
 * {@link #prefix} bytes (the agent's default 256). Times are µs after {@link #BASE}.
 */
final class L7Flow {
    static final long BASE = 1_700_000_000_000_000L;
    static final int SYN = 0x02, ACK = 0x10, PSH = 0x08, FIN = 0x01, RST = 0x04;

    final L7Engine engine;
    final L7Session session;
    final List<L7FlowLog> records = new ArrayList<>();
    /** Every counter the session reported, summed. */
    final L7Counters counters = new L7Counters();
    int prefix = 256;
    /** Hand the engine read-only prefixes (no backing array), as some decoders produce. */
    boolean readOnly;
    int mss = 1448;
    private long clientSeq = 1000;
    private long serverSeq = 90000;

    L7Flow(L7Engine engine, int ipProtocol) {
        this(engine, engine.open(77, ipProtocol));
    }

    L7Flow(L7Engine engine, L7Session session) {
        this.engine = engine;
        this.session = session;
    }

    /** The same conversation continued on another session (a copy restored from state) and engine. */
    L7Flow fork(L7Engine other, L7Session copy) {
        L7Flow f = new L7Flow(other, copy);
        f.prefix = prefix;
        f.mss = mss;
        f.clientSeq = clientSeq;
        f.serverSeq = serverSeq;
        return f;
    }

    static L7Flow tcp() {
        return new L7Flow(new L7Engine(L7Config.defaults()), 6);
    }

    static L7Flow tcp(L7Config config) {
        return new L7Flow(new L7Engine(config), 6);
    }

    static L7Flow udp() {
        return new L7Flow(new L7Engine(L7Config.defaults()), 17);
    }

    L7Flow prefix(int bytes) {
        prefix = bytes;
        return this;
    }

    L7Flow mss(int bytes) {
        mss = bytes;
        return this;
    }

    /** A new connection on the same ports: fresh sequence numbers, then the handshake. */
    L7Flow reconnect(long t) {
        clientSeq = Seq.add(clientSeq, 1_000_000_007L);
        serverSeq = Seq.add(serverSeq, 3_000_000_019L);
        return handshake(t);
    }

    L7Flow handshake(long t) {
        packet(true, t, SYN, clientSeq, null, 0, 0);
        clientSeq++;
        packet(false, t + 100, SYN | ACK, serverSeq, null, 0, 0);
        serverSeq++;
        packet(true, t + 200, ACK, clientSeq, null, 0, 0);
        return this;
    }

    L7Flow client(long t, String text) {
        return send(true, t, ascii(text));
    }

    L7Flow server(long t, String text) {
        return send(false, t, ascii(text));
    }

    L7Flow client(long t, byte[] data) {
        return send(true, t, data);
    }

    L7Flow server(long t, byte[] data) {
        return send(false, t, data);
    }

    /** Sends {@code data} in segments of at most {@link #mss} bytes, all at time t. */
    L7Flow send(boolean fromClient, long t, byte[] data) {
        for (int off = 0; off < data.length; off += mss) {
            segment(fromClient, t, data, off, Math.min(mss, data.length - off));
        }
        if (data.length == 0) {
            segment(fromClient, t, data, 0, 0);
        }
        return this;
    }

    /** One segment carrying {@code data[off .. off+len)}. */
    L7Flow segment(boolean fromClient, long t, byte[] data, int off, int len) {
        long seq = fromClient ? clientSeq : serverSeq;
        packet(fromClient, t, ACK | PSH, seq, data, off, len);
        if (fromClient) {
            clientSeq = Seq.add(clientSeq, len);
        } else {
            serverSeq = Seq.add(serverSeq, len);
        }
        return this;
    }

    /** Sends the last {@code len} bytes of this side again (a retransmission). */
    L7Flow retransmit(boolean fromClient, long t, byte[] data, int off, int len) {
        long seq = Seq.add(fromClient ? clientSeq : serverSeq, -len);
        packet(fromClient, t, ACK | PSH, seq, data, off, len);
        return this;
    }

    /** Loses {@code bytes} of this side: the sequence moves on, nothing is delivered. */
    L7Flow lose(boolean fromClient, int bytes) {
        if (fromClient) {
            clientSeq = Seq.add(clientSeq, bytes);
        } else {
            serverSeq = Seq.add(serverSeq, bytes);
        }
        return this;
    }

    /** Moves this side's sequence back by {@code bytes}: the next segment resends them. */
    L7Flow rewind(boolean fromClient, int bytes) {
        return lose(fromClient, -bytes);
    }

    L7Flow ack(boolean fromClient, long t) {
        packet(fromClient, t, ACK, fromClient ? clientSeq : serverSeq, null, 0, 0);
        return this;
    }

    void packet(boolean fromClient, long t, int flags, long seq, byte[] data, int off, int len) {
        ByteBuffer p = null;
        if (data != null && len > 0 && prefix > 0) {
            p = ByteBuffer.wrap(data, off, Math.min(len, prefix)).slice();
            if (readOnly) {
                p = p.asReadOnlyBuffer();
            }
        }
        boolean tcp = session.ipProtocol == 6;
        engine.onPacket(session, fromClient, BASE + t, tcp ? flags : 0, tcp ? seq : 0, len, p, records::add);
        session.counters.drainInto(counters, null);
    }

    L7Flow end(long t) {
        engine.onFlowEnd(session, BASE + t, records::add);
        session.counters.drainInto(counters, null);
        return this;
    }

    L7FlowLog record(int i) {
        return records.get(i);
    }

    long anomaly(L7Anomaly a) {
        return engine.anomalies().get(a);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
