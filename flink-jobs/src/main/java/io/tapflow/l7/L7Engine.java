package io.tapflow.l7;

import io.tapflow.l7.dns.DnsParser;
import io.tapflow.l7.http.Http1Parser;
import io.tapflow.l7.http2.Http2Parser;
import io.tapflow.schema.L7FlowLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The application layer of the flow engine: recognises a flow's protocol by content, parses the
 * payload prefixes of its packets, pairs requests with responses and writes L7 records and the
 * flow's application counters. Per-flow state is an {@link L7Session} the caller keeps (a field of
 * the flow's keyed state); the engine itself holds only configuration, parsers, scratch buffers and
 * the anomaly counters, so one instance serves every flow of a task (single-threaded).
 *
 * <p>Per packet of a flow, in capture order: {@link #onPacket}. When the flow ends (FIN, reset,
 * timeout, eviction, replacement by a new connection): {@link #onFlowEnd}, which turns the
 * requests still in flight into timeouts. After either call, take {@link L7Session#counters}.
 *
 * <p>Nothing here throws on packet content: malformed or hostile payloads are counted in
 * {@link #anomalies()} and parsing of the direction starts over at the next message boundary.
 */
public final class L7Engine {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;

    private final L7Config config;
    private final L7AnomalyCounters anomalies = new L7AnomalyCounters();
    private final L7Parser[] parsers;
    /** Parsers by protocol code (codes are below 256). */
    private final L7Parser[] byCode = new L7Parser[256];
    private final L7Pairing pairing;
    private final L7Segment seg;
    private byte[] scratch = new byte[512];

    /** An engine with the built-in parsers the configuration enables (HTTP/2, HTTP/1, DNS). */
    public L7Engine(L7Config config) {
        this(config, List.of());
    }

    /**
     * An engine with the built-in parsers plus {@code extra} ones (tried after the built-in ones when
     * inferring a flow's protocol; an extra parser must be enabled in the configuration too).
     */
    public L7Engine(L7Config config, List<L7Parser> extra) {
        this.config = config;
        List<L7Parser> list = new ArrayList<>();
        // HTTP/2 first: its preface starts with "PRI * HTTP/2.0", which HTTP/1 must not take.
        if (config.enabled(L7Protocol.HTTP2)) {
            list.add(new Http2Parser(config));
        }
        if (config.enabled(L7Protocol.HTTP1)) {
            list.add(new Http1Parser(config));
        }
        if (config.enabled(L7Protocol.DNS)) {
            list.add(new DnsParser(config));
        }
        for (L7Parser p : extra) {
            if (config.enabled(p.protocol())) {
                list.add(p);
            }
        }
        this.parsers = list.toArray(new L7Parser[0]);
        for (L7Parser p : parsers) {
            if (p.protocol() <= 0 || p.protocol() > 255 || byCode[p.protocol()] != null) {
                throw new IllegalArgumentException("parser " + p.getClass().getName() + " has protocol code "
                        + p.protocol() + ", which is out of 1..255 or taken");
            }
            byCode[p.protocol()] = p;
        }
        this.pairing = new L7Pairing(config, anomalies, new L7RecordWriter());
        this.seg = new L7Segment(this, pairing);
    }

    public L7Config config() {
        return config;
    }

    /** Why payloads could not be used, counted since the engine was created. */
    public L7AnomalyCounters anomalies() {
        return anomalies;
    }

    /** A session for a new flow. */
    public L7Session open(long flowId, int ipProtocol) {
        L7Session s = new L7Session();
        s.flowId = flowId;
        s.ipProtocol = ipProtocol;
        if (ipProtocol != TCP && ipProtocol != UDP) {
            s.protocol = L7Protocol.OTHER;
        }
        return s;
    }

    /**
     * Applies one packet of the flow. Allocation-free unless a message is recorded or a header must
     * be kept for reassembly.
     *
     * @param fromClient the sender is the flow's client
     * @param tsUs capture time, µs
     * @param tcpFlags TCP flags (0 for UDP)
     * @param seq TCP sequence number (ignored for UDP)
     * @param payloadLength L4 payload length of the packet
     * @param prefix the first bytes of the payload the agent kept (may be shorter than the payload,
     *     or null); read from its position, which is not moved
     * @param out receives the L7 records finished by this packet
     */
    public void onPacket(L7Session s, boolean fromClient, long tsUs, int tcpFlags, long seq, int payloadLength,
                         ByteBuffer prefix, Consumer<L7FlowLog> out) {
        boolean tcp = s.ipProtocol == TCP;
        if (!s.wantsPayload()) {
            return;
        }
        boolean client = fromClient != s.reversed;
        L7Side side = client ? s.client : s.server;
        if (tcp && (tcpFlags & SYN) != 0) {
            if (side.dataSeen) {
                // a SYN after data: a new connection on the same ports (the flow engine may keep the flow)
                newConnection(s, tsUs, out);
                side = client ? s.client : s.server;
            }
            // the first data byte follows the SYN's own sequence number
            seq = Seq.add(seq, 1);
            side.seqKnown = true;
            side.nextSeq = seq & Seq.MASK;
        }
        if (payloadLength <= 0 || (tcp && (tcpFlags & RST) != 0)) {
            return;
        }
        seq &= Seq.MASK;
        int visible = prefix == null ? 0 : Math.min(prefix.remaining(), payloadLength);
        byte[] buf;
        int off;
        if (visible > 0 && prefix.hasArray()) {
            buf = prefix.array();
            off = prefix.arrayOffset() + prefix.position();
        } else {
            buf = scratch(visible);
            off = 0;
            if (visible > 0) {
                prefix.duplicate().get(buf, 0, visible);
            }
        }
        boolean gap = false;
        if (tcp) {
            if (side.seqKnown) {
                int d = Seq.diff(seq, side.nextSeq);
                if (d < 0) {
                    int overlap = -d;
                    if (overlap >= payloadLength) {
                        return; // a retransmission or keep-alive: already seen
                    }
                    int cut = Math.min(overlap, visible);
                    off += cut;
                    visible -= cut;
                    payloadLength -= overlap;
                    seq = side.nextSeq;
                } else if (d > 0) {
                    gap = true;
                }
            }
            side.seqKnown = true;
            side.nextSeq = Seq.add(seq, payloadLength);
        }
        side.dataSeen = true;
        pairing.bind(s, out);
        seg.reset(s, side, client ? s.server : s.client, client, tcp, buf, off, visible, payloadLength, seq, tsUs);
        seg.gap = gap;
        if (side.stashLength > 0) {
            if (gap) {
                side.stashLength = 0;
            } else {
                join(side, buf, off, visible, payloadLength, seq);
            }
        }
        try {
            L7Parser parser;
            if (s.protocol == L7Protocol.UNKNOWN) {
                parser = infer(s);
                if (parser == null) {
                    return;
                }
            } else {
                parser = parserFor(s.protocol);
                if (parser == null) {
                    return;
                }
            }
            parser.parse(seg);
            while (seg.switchAt >= 0) {
                parser = switchProtocol(s);
                if (parser == null) {
                    break;
                }
                parser.parse(seg);
            }
            if (seg.stashFrom >= 0) {
                keep(seg.side, seg.stashFrom);
            }
        } catch (RuntimeException e) {
            anomalies.count(L7Anomaly.PARSER_FAILURE);
            s.client.resync();
            s.server.resync();
        }
    }

    /**
     * The flow ended at {@code tsUs}: requests still waiting become timeouts (records of type 0),
     * exchanges that have their response but waited for a final status are written as they are.
     */
    public void onFlowEnd(L7Session s, long tsUs, Consumer<L7FlowLog> out) {
        if (s.inFlightCount == 0) {
            return;
        }
        pairing.bind(s, out);
        pairing.flowEnd(tsUs);
    }

    /** The old connection's requests in flight time out; both byte streams start afresh. */
    private void newConnection(L7Session s, long tsUs, Consumer<L7FlowLog> out) {
        onFlowEnd(s, tsUs, out);
        s.client = new L7Side();
        s.server = new L7Side();
        s.opaque = false;
    }

    private L7Parser infer(L7Session s) {
        if (seg.visible > 0) {
            for (L7Parser p : parsers) {
                int role = p.infer(seg);
                if (role == L7Parser.NO) {
                    continue;
                }
                if ((role == L7Parser.REQUEST) != seg.fromClient) {
                    // the content says the sides are the other way round: follow it
                    s.reversed = !s.reversed;
                    L7Side c = s.client;
                    s.client = s.server;
                    s.server = c;
                    seg.fromClient = !seg.fromClient;
                }
                s.protocol = p.protocol();
                p.start(seg);
                return p;
            }
        }
        if (++s.inspected >= config.inferencePackets()) {
            s.protocol = L7Protocol.OTHER;
            anomalies.count(L7Anomaly.UNRECOGNISED_FLOW);
            s.client = new L7Side();
            s.server = new L7Side();
        }
        return null;
    }

    private L7Parser parserFor(int protocol) {
        return protocol > 0 && protocol < byCode.length ? byCode[protocol] : null;
    }

    /** Moves the segment to the switch point and hands it to the new protocol's parser. */
    private L7Parser switchProtocol(L7Session s) {
        int at = seg.switchAt;
        seg.switchAt = -1;
        L7Parser next = parserFor(seg.switchProtocol);
        if (next == null) {
            s.opaque = true;
            return null;
        }
        s.protocol = next.protocol();
        int cut = Math.min(at, seg.visible);
        seg.joined = Math.max(0, seg.joined - at);
        seg.off += cut;
        seg.visible -= cut;
        seg.length -= at;
        seg.seq = Seq.add(seg.seq, at);
        seg.stashFrom = -1;
        next.takeOver(seg);
        return seg.length > 0 ? next : null;
    }

    /** Puts the bytes kept from earlier segments in front of this contiguous one. */
    private void join(L7Side side, byte[] buf, int off, int visible, int length, long seq) {
        int kept = side.stashLength;
        byte[] joined = scratch(kept + visible);
        // the packet's bytes may be in the scratch buffer already: move them up before the kept ones go in
        System.arraycopy(buf, off, joined, kept, visible);
        System.arraycopy(side.stash, 0, joined, 0, kept);
        seg.buf = joined;
        seg.off = 0;
        seg.visible = kept + visible;
        seg.length = kept + length;
        seg.seq = side.stashSeq;
        seg.joined = kept;
        seg.joinedTs = side.stashTs;
        side.stashLength = 0;
    }

    private void keep(L7Side side, int from) {
        int n = seg.visible - from;
        if (side.stash == null || side.stash.length < n) {
            side.stash = new byte[Math.min(Math.max(n, 64) * 2, config.maxHeaderBytes())];
        }
        System.arraycopy(seg.buf, seg.off + from, side.stash, 0, n);
        side.stashLength = n;
        side.stashSeq = seg.seqAt(from);
        side.stashTs = seg.timeAt(from);
    }

    private byte[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        return scratch;
    }
}
