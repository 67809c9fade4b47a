package io.tapflow.gen.conv;

import io.tapflow.gen.net.FlowShape;
import io.tapflow.gen.net.Packet;
import io.tapflow.gen.truth.FlowTruth;
import java.util.SplittableRandom;

/**
 * A TCP conversation scripted step by step, with the tap between client and server.
 *
 * <p>Timing model: {@code rttClientUs} is the round trip between the tap and the client,
 * {@code rttServerUs} between the tap and the server. The tap sees the server's answer to a client
 * packet it saw at T at T + rttServer (+ the server's processing delay), and the client's answer to
 * a server packet at T + rttClient. So at the tap rtt_server = SYN → SYN-ACK = rttServer and
 * rtt_client = SYN-ACK → ACK = rttClient, as the manual defines them. Each step records its truth.
 */
public final class TcpConversation extends Conversation {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    private static final int CLIENT_WINDOW = 502;  // × 128 (wscale 7) = 64256 bytes
    private static final int SERVER_WINDOW = 509;
    private static final int CLIENT_SYN_WINDOW = 64240;
    private static final int SERVER_SYN_WINDOW = 65160;
    /** Gap between back-to-back segments of one sender at the tap. */
    private static final long SEGMENT_GAP_US = 12;

    private final long rttClientUs;
    private final long rttServerUs;
    private int mss = 1448;
    private boolean timestamps = true;

    private long now;
    private long lastClientUs = Long.MIN_VALUE;
    private long lastServerUs = Long.MIN_VALUE;
    private long clientSeq;
    private long serverSeq;
    private long clientTsBase;
    private long serverTsBase;
    private boolean established;

    /** Client data not yet answered by a server pure ACK / by server data. */
    private long clientDataEndUs = -1;
    private boolean pendingForAck;
    private boolean pendingForResponse;
    private Packet lastClientData;
    private Packet lastServerData;

    public TcpConversation(FlowShape shape, FlowTruth truth, SplittableRandom random, long startUs,
                           long rttClientUs, long rttServerUs) {
        super(shape, truth, random);
        if (shape.protocol() != 6) {
            throw new IllegalArgumentException("TCP conversation needs protocol 6");
        }
        this.now = startUs;
        this.rttClientUs = rttClientUs;
        this.rttServerUs = rttServerUs;
        this.clientSeq = random.nextLong() & 0xFFFFFFFFL;
        this.serverSeq = random.nextLong() & 0xFFFFFFFFL;
        this.clientTsBase = random.nextInt(1 << 30);
        this.serverTsBase = random.nextInt(1 << 30);
    }

    /** Payload bytes per segment (default 1448: MSS 1460 minus the timestamps option). */
    public TcpConversation mss(int bytes) {
        this.mss = bytes;
        return this;
    }

    /** Without the timestamps option on every segment (and in the SYN options). */
    public TcpConversation noTimestamps() {
        this.timestamps = false;
        return this;
    }

    public long now() { return now; }
    public long rttClientUs() { return rttClientUs; }
    public long rttServerUs() { return rttServerUs; }

    /** Moves the script clock forward by {@code us} (think time, idle time). */
    public TcpConversation pause(long us) {
        now += us;
        return this;
    }

    // ------------------------------------------------------------------ handshake

    /** SYN, SYN-ACK, ACK. */
    public TcpConversation handshake() {
        return handshakeWithSynRepeats(0, 0);
    }

    /**
     * The client sends its SYN {@code repeats + 1} times (initial RTO {@code rtoUs}, doubling), the
     * last one is answered. rtt = first SYN → ACK; rtt_server = last SYN → SYN-ACK.
     */
    public TcpConversation handshakeWithSynRepeats(int repeats, long rtoUs) {
        long firstSyn = now;
        long synAt = sendSyns(repeats, rtoUs);
        long synAckAt = synAt + rttServerUs;
        server(synAckAt, SYN | ACK, 0).synOptions = true;
        serverSeq++;
        long ackAt = synAckAt + rttClientUs;
        client(ackAt, ACK, 0);
        established = true;
        truth.rttServerUs = synAckAt - synAt;
        truth.rttClientUs = ackAt - synAckAt;
        truth.rttUs = ackAt - firstSyn;
        return this;
    }

    /** The server repeats its SYN-ACK {@code repeats} times and the client never completes: close 10. */
    public TcpConversation synAckRepeatedWithoutAck(int repeats, long rtoUs) {
        long synAt = sendSyns(0, 0);
        long t = synAt + rttServerUs;
        long isn = serverSeq;
        for (int i = 0; i <= repeats; i++) {
            serverSeq = isn;
            server(t, SYN | ACK, 0).synOptions = true;
            if (i > 0) {
                truth.retransS2c++;
                truth.synAckRepeats++;
            }
            t += rtoUs << i;
        }
        serverSeq = isn + 1;
        truth.rttServerUs = rttServerUs;
        close(10, "server SYN-ACK repeated, handshake never completed");
        return this;
    }

    /** The client repeats its SYN {@code repeats} times and nobody answers: close 7. */
    public TcpConversation synRepeatedWithoutAnswer(int repeats, long rtoUs) {
        sendSyns(repeats, rtoUs);
        close(7, "client SYN repeated without answer");
        return this;
    }

    /** The server answers the SYN with RST-ACK (closed port): close 15. */
    public TcpConversation serverResetsSyn() {
        long synAt = sendSyns(0, 0);
        Packet rst = server(synAt + rttServerUs, RST | ACK, 0);
        rst.window = 0;
        rst.timestampOption = false;
        close(15, "server answered SYN with RST");
        return this;
    }

    /** SYN, SYN-ACK, then the client resets instead of acknowledging: close 18. */
    public TcpConversation clientResetsDuringSetup() {
        long synAt = sendSyns(0, 0);
        long synAckAt = synAt + rttServerUs;
        server(synAckAt, SYN | ACK, 0).synOptions = true;
        serverSeq++;
        truth.rttServerUs = rttServerUs;
        client(synAckAt + rttClientUs, RST, 0).window = 0;
        close(18, "client RST after SYN-ACK");
        return this;
    }

    /** SYN, SYN-ACK, ACK lost... the server resets the half-open connection: close 19. */
    public TcpConversation serverResetsDuringSetup(long afterUs) {
        long synAt = sendSyns(0, 0);
        long synAckAt = synAt + rttServerUs;
        server(synAckAt, SYN | ACK, 0).synOptions = true;
        serverSeq++;
        truth.rttServerUs = rttServerUs;
        server(synAckAt + afterUs, RST | ACK, 0);
        close(19, "server RST before the handshake completed");
        return this;
    }

    private long sendSyns(int repeats, long rtoUs) {
        long t = now;
        long isn = clientSeq;
        for (int i = 0; i <= repeats; i++) {
            clientSeq = isn;
            Packet syn = client(t, SYN, 0);
            syn.synOptions = true;
            syn.ack = 0;
            if (i > 0) {
                truth.retransC2s++;
                truth.synRepeats++;
            }
            if (i < repeats) {
                t += rtoUs << i;
            }
        }
        clientSeq = isn + 1;
        return t;
    }

    // ------------------------------------------------------------------ data

    /**
     * The client sends {@code length} bytes of {@code data} in MSS-sized segments (PSH on the last),
     * {@code thinkUs} after it could first react to what it last saw.
     */
    public TcpConversation request(byte[] data, int offset, int length, long thinkUs) {
        long t = Math.max(now + SEGMENT_GAP_US, lastServerUs == Long.MIN_VALUE ? now : lastServerUs + rttClientUs) + thinkUs;
        for (int sent = 0; sent < length; sent += mss) {
            int n = Math.min(mss, length - sent);
            Packet p = client(t, ACK | (sent + n == length ? PSH : 0), n);
            p.payload(data, offset + sent, n);
            lastClientData = p;
            t += SEGMENT_GAP_US;
        }
        clientDataEndUs = now;
        pendingForAck = true;
        pendingForResponse = true;
        return this;
    }

    public TcpConversation request(byte[] data, long thinkUs) {
        return request(data, 0, data.length, thinkUs);
    }

    /**
     * The server acknowledges the client's data with a pure ACK {@code delayUs} after it arrived
     * (delayed ACK / stack latency): the tap measures srt = rttServer + delay.
     */
    public TcpConversation serverAck(long delayUs) {
        long t = Math.max(now, clientDataEndUs + rttServerUs + delayUs);
        server(t, ACK, 0);
        if (pendingForAck) {
            truth.srtUs.add(t - clientDataEndUs);
            pendingForAck = false;
        }
        return this;
    }

    /** A server pure ACK advertising a zero window (counted as zero window), then nothing else. */
    public TcpConversation serverZeroWindow(long delayUs) {
        long t = Math.max(now, clientDataEndUs + rttServerUs + delayUs);
        Packet p = server(t, ACK, 0);
        p.window = 0;
        if (pendingForAck) {
            truth.srtUs.add(t - clientDataEndUs);
            pendingForAck = false;
        }
        return this;
    }

    /** A server window update (pure ACK, normal window) {@code afterUs} later. */
    public TcpConversation serverWindowUpdate(long afterUs) {
        server(now + afterUs, ACK, 0);
        return this;
    }

    /** A client pure ACK advertising a zero window {@code delayUs} after the server's last data. */
    public TcpConversation clientZeroWindow(long delayUs) {
        client(Math.max(now, lastServerUs + rttClientUs + delayUs), ACK, 0).window = 0;
        return this;
    }

    /** A client window update {@code afterUs} later. */
    public TcpConversation clientWindowUpdate(long afterUs) {
        client(now + afterUs, ACK, 0);
        return this;
    }

    /**
     * The server sends {@code length} bytes, the first segment {@code delayUs} after the client's
     * last data reached it (art = rttServer + delay at the tap), or {@code delayUs} after its own
     * previous packet when there is no new client data (pipelined responses).
     */
    public TcpConversation response(byte[] data, int offset, int length, long delayUs) {
        long t = pendingForResponse ? Math.max(now + SEGMENT_GAP_US, clientDataEndUs + rttServerUs + delayUs)
                : now + delayUs;
        for (int sent = 0; sent < length; sent += mss) {
            int n = Math.min(mss, length - sent);
            Packet p = server(t, ACK | (sent + n == length ? PSH : 0), n);
            p.payload(data, offset + sent, n);
            lastServerData = p;
            if (sent == 0 && pendingForResponse) {
                truth.artUs.add(t - clientDataEndUs);
                pendingForResponse = false;
                pendingForAck = false;
            }
            t += SEGMENT_GAP_US;
        }
        return this;
    }

    public TcpConversation response(byte[] data, long delayUs) {
        return response(data, 0, data.length, delayUs);
    }

    /** The client acknowledges everything received, one client round trip after the server's last packet. */
    public TcpConversation clientAck() {
        client(Math.max(now, lastServerUs + rttClientUs), ACK, 0);
        return this;
    }

    /** The client resends its last data segment {@code rtoUs} later (same seq and length). */
    public TcpConversation retransmitLastRequestSegment(long rtoUs) {
        resend(lastClientData, now + rtoUs);
        truth.retransC2s++;
        return this;
    }

    /** The server resends its last data segment {@code rtoUs} later. */
    public TcpConversation retransmitLastResponseSegment(long rtoUs) {
        resend(lastServerData, now + rtoUs);
        truth.retransS2c++;
        return this;
    }

    private void resend(Packet original, long t) {
        if (original == null) {
            throw new IllegalStateException("nothing to retransmit");
        }
        Packet p = new Packet();
        p.tsUs = t;
        p.fromClient = original.fromClient;
        p.tcpFlags = original.tcpFlags;
        p.seq = original.seq;
        p.ack = original.fromClient ? serverSeq : clientSeq;
        p.window = original.window;
        p.payload(original.payload, original.payloadOffset, original.payloadLength);
        stamp(p);
        add(p);
        now = t;
        if (p.fromClient) {
            lastClientUs = t;
            if (p.payloadLength > 1) {
                // the server only got the data now: latencies run from the retransmission
                clientDataEndUs = t;
            }
        } else {
            lastServerUs = t;
        }
    }

    /** A 1-byte TCP keep-alive from the client (seq = next − 1), acknowledged by the server. */
    public TcpConversation clientKeepAlive(long afterUs) {
        long t = now + afterUs;
        clientSeq--;
        Packet p = client(t, ACK, 1);
        p.payload(new byte[] {0}, 0, 1);
        server(t + rttServerUs, ACK, 0);
        return this;
    }

    // ------------------------------------------------------------------ close

    /** Client FIN, server FIN, client ACK: close 1. */
    public TcpConversation finByClient() {
        long t = Math.max(now + SEGMENT_GAP_US, lastServerUs == Long.MIN_VALUE ? now : lastServerUs + rttClientUs);
        client(t, FIN | ACK, 0);
        clientSeq++;
        server(t + rttServerUs, FIN | ACK, 0);
        serverSeq++;
        client(t + rttServerUs + rttClientUs, ACK, 0);
        close(1, "FIN from the client, then the server");
        return this;
    }

    /** Server FIN, client FIN, server ACK: close 1. */
    public TcpConversation finByServer(long delayUs) {
        long t = now + delayUs;
        server(t, FIN | ACK, 0);
        serverSeq++;
        client(t + rttClientUs, FIN | ACK, 0);
        clientSeq++;
        server(t + rttClientUs + rttServerUs, ACK, 0);
        close(1, "FIN from the server, then the client");
        return this;
    }

    /** The client sends FIN, the server acknowledges and never closes its side: close 11 at timeout. */
    public TcpConversation clientHalfClose() {
        long t = Math.max(now + SEGMENT_GAP_US, lastServerUs == Long.MIN_VALUE ? now : lastServerUs + rttClientUs);
        client(t, FIN | ACK, 0);
        clientSeq++;
        server(t + rttServerUs, ACK, 0);
        close(11, "client half close: FIN acknowledged, the server never closed");
        return this;
    }

    /** The server sends FIN, the client acknowledges and never closes: close 8 at timeout. */
    public TcpConversation serverHalfClose(long delayUs) {
        long t = now + delayUs;
        server(t, FIN | ACK, 0);
        serverSeq++;
        client(t + rttClientUs, ACK, 0);
        close(8, "server half close: FIN acknowledged, the client never closed");
        return this;
    }

    /** The client aborts with RST-ACK: close 9. */
    public TcpConversation clientReset(long afterUs) {
        client(now + afterUs, RST | ACK, 0);
        close(9, "client RST");
        return this;
    }

    /** The server aborts with RST-ACK: close 2. */
    public TcpConversation serverReset(long afterUs) {
        server(now + afterUs, RST | ACK, 0);
        close(2, "server RST");
        return this;
    }

    /** No close: the flow ends by timeout (close 3) unless {@code closeType} says otherwise. */
    public TcpConversation leaveOpen(int closeType, String reason) {
        close(closeType, reason);
        return this;
    }

    private void close(int type, String reason) {
        truth.closeType = type;
        truth.closeReason = reason;
    }

    // ------------------------------------------------------------------ packets

    private Packet client(long t, int flags, int payloadLength) {
        Packet p = new Packet();
        p.tsUs = t;
        p.fromClient = true;
        p.tcpFlags = flags;
        p.seq = clientSeq & 0xFFFFFFFFL;
        p.ack = (flags & ACK) != 0 ? serverSeq & 0xFFFFFFFFL : 0;
        p.window = (flags & SYN) != 0 ? CLIENT_SYN_WINDOW : CLIENT_WINDOW;
        p.payloadLength = payloadLength;
        clientSeq += payloadLength;
        stamp(p);
        add(p);
        now = Math.max(now, t);
        lastClientUs = t;
        return p;
    }

    private Packet server(long t, int flags, int payloadLength) {
        Packet p = new Packet();
        p.tsUs = t;
        p.fromClient = false;
        p.tcpFlags = flags;
        p.seq = serverSeq & 0xFFFFFFFFL;
        p.ack = clientSeq & 0xFFFFFFFFL;
        p.window = (flags & SYN) != 0 ? SERVER_SYN_WINDOW : SERVER_WINDOW;
        p.payloadLength = payloadLength;
        serverSeq += payloadLength;
        stamp(p);
        add(p);
        now = Math.max(now, t);
        lastServerUs = t;
        return p;
    }

    private void stamp(Packet p) {
        if (!timestamps || (p.tcpFlags & RST) != 0) {
            return;
        }
        p.timestampOption = true;
        long ms = p.tsUs / 1000;
        p.tsVal = ((p.fromClient ? clientTsBase : serverTsBase) + ms) & 0xFFFFFFFFL;
        boolean peerSpoke = p.fromClient ? lastServerUs != Long.MIN_VALUE : lastClientUs != Long.MIN_VALUE;
        p.tsEcr = (p.tcpFlags & SYN) != 0 && (p.tcpFlags & ACK) == 0 || !peerSpoke ? 0
                : ((p.fromClient ? serverTsBase + lastServerUs / 1000 : clientTsBase + lastClientUs / 1000) & 0xFFFFFFFFL);
    }

    /** True once the three-way handshake completed. */
    public boolean established() {
        return established;
    }
}
