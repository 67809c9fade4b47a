package io.tapflow.l7;

/**
 * What a parser sees of one packet: the payload bytes the agent kept ({@code visible} of the
 * segment's {@code length} bytes, starting at {@code buf[off]}), where they sit in the direction's
 * byte stream, and the engine's services (pairing, anomaly counters, reassembly, protocol switch).
 * One instance per engine, reset for every packet: parsers must not keep it.
 *
 * <p>Positions passed to the methods are offsets from the first byte of the segment (0 ..
 * {@code length}). When the engine joined bytes kept from earlier segments (reassembly), they come
 * first and {@link #timeAt} reports their original capture time.
 */
public final class L7Segment {
    public L7Session session;
    /** This direction's state, and the opposite direction's. */
    public L7Side side;
    public L7Side other;
    /** The sender is the client (after the session's reversal, if any). */
    public boolean fromClient;
    /** TCP (a byte stream with sequence numbers) rather than UDP (one message per datagram). */
    public boolean tcp;
    public byte[] buf;
    public int off;
    /** Bytes of the segment available in {@link #buf}: the payload prefix (never more than {@link #length}). */
    public int visible;
    /** L4 payload bytes of the segment. */
    public int length;
    /** TCP sequence number of the segment's first byte (0 for UDP). */
    public long seq;
    /** Capture time of the packet, µs. */
    public long tsUs;
    /** Bytes were lost between the previous segment of this direction and this one. */
    public boolean gap;

    int joined;
    long joinedTs;
    int stashFrom;
    int switchProtocol;
    int switchAt;

    private final L7Engine engine;
    private final L7Pairing pairing;

    L7Segment(L7Engine engine, L7Pairing pairing) {
        this.engine = engine;
        this.pairing = pairing;
    }

    void reset(L7Session s, L7Side side, L7Side other, boolean fromClient, boolean tcp, byte[] buf, int off,
               int visible, int length, long seq, long tsUs) {
        this.session = s;
        this.side = side;
        this.other = other;
        this.fromClient = fromClient;
        this.tcp = tcp;
        this.buf = buf;
        this.off = off;
        this.visible = visible;
        this.length = length;
        this.seq = seq;
        this.tsUs = tsUs;
        this.gap = false;
        this.joined = 0;
        this.joinedTs = 0;
        this.stashFrom = -1;
        this.switchAt = -1;
    }

    /** Capture time of the packet that carried the byte at {@code p}. */
    public long timeAt(int p) {
        return p < joined ? joinedTs : tsUs;
    }

    /** Sequence number of the byte at {@code p}. */
    public long seqAt(int p) {
        return Seq.add(seq, p);
    }

    public int u8(int p) {
        return buf[off + p] & 0xFF;
    }

    public int u16(int p) {
        return (buf[off + p] & 0xFF) << 8 | (buf[off + p + 1] & 0xFF);
    }

    /**
     * Asks the engine to keep bytes {@code p .. length} and put them in front of the next
     * contiguous segment of this direction (a header split across segments). Possible only when
     * nothing of the segment was cut by the prefix limit and the bytes fit the reassembly limit;
     * returns false otherwise (the parser then uses what it sees).
     */
    public boolean stash(int p) {
        if (!tcp || visible != length) {
            return false;
        }
        if (length - p > engine.config().maxHeaderBytes()) {
            anomaly(L7Anomaly.HEADER_TOO_LARGE);
            return false;
        }
        stashFrom = p;
        return true;
    }

    /**
     * Hands the rest of the connection, from byte {@code p} of this segment on, to the parser of
     * {@code protocol} (HTTP/1 upgrade to h2c). The parser must return right after calling this.
     */
    public void switchTo(int protocol, int p) {
        switchProtocol = protocol;
        switchAt = p;
    }

    public void anomaly(L7Anomaly a) {
        engine.anomalies().count(a);
    }

    public L7Config config() {
        return engine.config();
    }

    public L7Pairing pairs() {
        return pairing;
    }
}
