package io.tapflow.flow;

import io.tapflow.packet.batch.PacketCursor;
import io.tapflow.schema.FlowKey;
import io.tapflow.schema.PacketBatch;
import java.nio.ByteBuffer;

/**
 * Applies packets to a {@link FlowState}: direction, the state machine, counters, retransmissions,
 * zero windows, keep-alives and the transport latencies of part-3 §3.2–3.3. Stateless itself, so
 * one instance serves every flow of a task.
 */
public final class FlowTracker {
    /** {@link #apply} result: the flow goes on. */
    public static final int CONTINUE = 0;
    /** {@link #apply} result: the flow closed with this packet (FIN handshake done); report it now. */
    public static final int CLOSED = 1;
    /** {@link #apply} result: the packet was NOT applied; it opens a new flow on the same ports. */
    public static final int NEW_FLOW = 2;
    /** As {@link #NEW_FLOW}; the old flow ends as client-source-port-reuse. */
    public static final int PORT_REUSED = 3;

    static final int TCP = 6;
    static final int UDP = 17;
    private static final int SYN_FIN_RST = TcpEvent.SYN_BIT | TcpEvent.FIN_BIT | TcpEvent.RST_BIT;
    private static final long SEQ_MASK = 0xFFFFFFFFL;
    /** Ports below this are service ports, at or above it ephemeral (Linux's default range starts at 32768). */
    private static final int EPHEMERAL_PORT_START = 32768;

    private final FlowEngineConfig config;

    public FlowTracker(FlowEngineConfig config) {
        this.config = config;
    }

    /**
     * Fills the identity of a new flow from its first packet and decides client and server with the
     * manual's rules (part-3 §3.8): SYN sender is the client, SYN-ACK sender the server, else the
     * port rule, else the first packet's sender. Rule 3 (which side is more often the destination of
     * first packets) needs history across flows and is not applied here.
     */
    public void open(FlowState s, PacketBatch batch, PacketCursor c) {
        FlowKey key = batch.getKey();
        boolean senderIsKeySrc = c.direction() == 0;
        int senderPort = senderIsKeySrc ? key.getPortSrc() : key.getPortDst();
        int receiverPort = senderIsKeySrc ? key.getPortDst() : key.getPortSrc();
        int flags = key.getProtocol() == TCP ? c.tcpFlags() : 0;
        TcpEvent event = TcpEvent.of(flags);
        boolean senderIsClient;
        if (key.getProtocol() == TCP && event == TcpEvent.SYN) {
            senderIsClient = true;
            s.directionSource = 1;
        } else if (key.getProtocol() == TCP && event == TcpEvent.SYN_ACK) {
            senderIsClient = false;
            s.directionSource = 2;
        } else if (senderPort < EPHEMERAL_PORT_START && receiverPort >= EPHEMERAL_PORT_START) {
            senderIsClient = false;
            s.directionSource = 4;
        } else if (receiverPort < EPHEMERAL_PORT_START && senderPort >= EPHEMERAL_PORT_START) {
            senderIsClient = true;
            s.directionSource = 4;
        } else {
            senderIsClient = true;
            s.directionSource = 0;
        }
        boolean clientIsKeySrc = senderIsClient == senderIsKeySrc;
        s.clientIsKeySrc = clientIsKeySrc;
        s.agentId = batch.getAgentId();
        s.tapType = batch.getTapType();
        s.tapPort = batch.getTapPort();
        s.tapPortName = batch.getCaptureInterface();
        s.flowSource = batch.getFlowSource().ordinal();
        s.ipVersion = key.getIpVersion();
        s.ipClient = bytes(clientIsKeySrc ? key.getIpSrc() : key.getIpDst());
        s.ipServer = bytes(clientIsKeySrc ? key.getIpDst() : key.getIpSrc());
        s.portClient = clientIsKeySrc ? key.getPortSrc() : key.getPortDst();
        s.portServer = clientIsKeySrc ? key.getPortDst() : key.getPortSrc();
        s.macClient = clientIsKeySrc ? key.getMacSrc() : key.getMacDst();
        s.macServer = clientIsKeySrc ? key.getMacDst() : key.getMacSrc();
        s.protocol = key.getProtocol();
        s.vlan = key.getVlan();
        s.tunnelType = key.getTunnelType();
        s.tunnelId = key.getTunnelId();
        s.tunnelIpSrc = bytes(key.getTunnelIpSrc());
        s.tunnelIpDst = bytes(key.getTunnelIpDst());
        s.tunnelDepth = key.getTunnelDepth();
        long ts = c.timestampUs();
        s.firstTs = ts;
        s.lastTs = ts;
        s.recordStartTs = ts;
        s.reportBoundaryTs = Math.floorDiv(ts, config.reportIntervalUs()) * config.reportIntervalUs() + config.reportIntervalUs();
        s.state = TcpState.RAW.ordinal();
        s.newFlow = true;
        s.flowId = FlowIds.of(s);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /** Idle time after which the flow ends in its current state, µs. */
    public long timeoutUs(FlowState s) {
        if (s.protocol == TCP) {
            return config.timeoutUs(s.tcpState().timeoutClass());
        }
        return s.seen[FlowState.CLIENT] && s.seen[FlowState.SERVER] ? config.twoWayTimeoutUs() : config.oneWayTimeoutUs();
    }

    /** close_type of the flow if it ended now (by timeout or because a new flow replaces it). */
    public int endCloseType(FlowState s) {
        return s.protocol == TCP ? s.tcpState().closeType(s.rstByClient) : CloseType.TIMEOUT;
    }

    /** Applies the packet under the cursor; see the result constants. */
    public int apply(FlowState s, PacketCursor c) {
        int side = (c.direction() == 0) == s.clientIsKeySrc ? FlowState.CLIENT : FlowState.SERVER;
        boolean fromClient = side == FlowState.CLIENT;
        long ts = c.timestampUs();
        if (s.protocol != TCP) {
            count(s, side, c, ts);
            if (s.protocol == UDP) {
                applyDatagram(s, fromClient, ts);
            }
            return CONTINUE;
        }
        int flags = c.tcpFlags();
        TcpEvent event = TcpEvent.of(flags);
        TcpState current = s.tcpState();
        int next = TcpTransitions.next(current, event, fromClient);
        if (next == TcpTransitions.NEW_FLOW) {
            return NEW_FLOW;
        }
        if (next == TcpTransitions.PORT_REUSED) {
            if (!s.synSeen || c.seq() != s.lastSynSeq) {
                return PORT_REUSED;
            }
            next = current.ordinal();
        }
        if (next == TcpState.SERVER_QUEUE_LACK.ordinal() && s.payloadSinceHandshake) {
            next = current.ordinal();
        }
        count(s, side, c, ts);
        s.flagsOr[side] |= flags;
        int payload = c.payloadLength();
        long seq = c.seq();
        if (c.window() == 0 && (flags & SYN_FIN_RST) == 0) {
            s.record.zeroWin[side]++;
            s.second.zeroWin[side]++;
        }
        boolean keepAlive = event == TcpEvent.ACK && payload <= 1 && s.nextSeq[side] >= 0
                && seq == ((s.nextSeq[side] - 1) & SEQ_MASK);
        boolean data = payload > 1 && (flags & SYN_FIN_RST) == 0;
        switch (event) {
            case SYN -> onSyn(s, fromClient, seq, ts);
            case SYN_ACK -> onSynAck(s, fromClient, seq, c.ack(), ts);
            case ACK -> {
                if (fromClient && (current == TcpState.OPENING_2 || current == TcpState.SYN_ACK_1)) {
                    onHandshakeAck(s, ts);
                }
            }
            default -> { }
        }
        if (data && isRetransmission(s, side, seq, payload)) {
            retransmission(s, side);
        }
        if (!keepAlive) {
            int seqSpan = payload + ((flags & (TcpEvent.SYN_BIT | TcpEvent.FIN_BIT)) != 0 ? 1 : 0);
            s.nextSeq[side] = (seq + seqSpan) & SEQ_MASK;
            trackLatency(s, fromClient, event, data, payload, ts);
        }
        if (payload > 0 && s.handshakeMeasured) {
            s.payloadSinceHandshake = true;
        }
        if (next != current.ordinal() && (next == TcpState.RESET.ordinal() || next == TcpState.RESET_ESTABLISH.ordinal())) {
            s.rstByClient = fromClient;
        }
        s.state = next;
        if (next == TcpState.CLOSED_FIN.ordinal() && config.timeoutUs(TimeoutClass.CLOSED) == 0) {
            return CLOSED;
        }
        return CONTINUE;
    }

    private static void count(FlowState s, int side, PacketCursor c, long ts) {
        s.lastTs = ts;
        s.seen[side] = true;
        s.record.packet(side, c.ipLength(), c.payloadLength());
        s.second.packet(side, c.ipLength(), c.payloadLength());
        s.totalPackets[side]++;
        s.totalBytes[side] += c.ipLength();
    }

    /** UDP: art is the gap between a client packet and the server's next one (part-3 §3.2). */
    private void applyDatagram(FlowState s, boolean fromClient, long ts) {
        if (fromClient) {
            s.requestLastTs = ts;
            s.artPending = true;
        } else if (s.artPending) {
            s.artPending = false;
            long art = ts - s.requestLastTs;
            if (art <= config.artCapUs()) {
                s.record.art(art);
                s.second.art(art);
            }
        }
    }

    private static void retransmission(FlowState s, int side) {
        s.record.retrans[side]++;
        s.second.retrans[side]++;
    }

    private static void onSyn(FlowState s, boolean fromClient, long seq, long ts) {
        if (!fromClient) {
            return;
        }
        s.record.synCount++;
        s.second.synCount++;
        if (s.synSeen && seq == s.lastSynSeq) {
            retransmission(s, FlowState.CLIENT);
        }
        if (!s.synSeen) {
            s.synSeen = true;
            s.firstSynTs = ts;
        }
        s.lastSynTs = ts;
        s.lastSynSeq = seq;
    }

    private void onSynAck(FlowState s, boolean fromClient, long seq, long ack, long ts) {
        if (fromClient) {
            return;
        }
        s.record.synAckCount++;
        s.second.synAckCount++;
        if (s.synAckSeen && seq == s.lastSynAckSeq) {
            retransmission(s, FlowState.SERVER);
        }
        if (s.synSeen && !s.rttServerMeasured && ack == ((s.lastSynSeq + 1) & SEQ_MASK)) {
            s.rttServerMeasured = true;
            long d = ts - s.lastSynTs;
            if (d <= config.rttCapUs()) {
                s.record.rttServer(d);
                s.second.rttServer(d);
            }
        }
        s.synAckSeen = true;
        s.lastSynAckTs = ts;
        s.lastSynAckSeq = seq;
    }

    /** The client's ACK that completes the handshake: rtt_client, and rtt when the SYN was seen. */
    private void onHandshakeAck(FlowState s, long ts) {
        if (s.handshakeMeasured || !s.synAckSeen) {
            return;
        }
        s.handshakeMeasured = true;
        long client = ts - s.lastSynAckTs;
        if (client <= config.rttCapUs()) {
            s.record.rttClient(client);
            s.second.rttClient(client);
        }
        if (s.synSeen) {
            long rtt = ts - s.firstSynTs;
            if (rtt <= config.rttCapUs()) {
                s.rtt = rtt;
                s.record.rtt(rtt);
                s.second.rtt(rtt);
            }
        }
    }

    /**
     * srt: a request's last segment to the server's immediately following pure ACK; art: to the
     * server's first response segment (pure ACKs in between do not cancel it). Request and response
     * segments carry more than one byte of payload and no SYN, FIN or RST (part-3 §3.2).
     */
    private void trackLatency(FlowState s, boolean fromClient, TcpEvent event, boolean data, int payload, long ts) {
        if (fromClient) {
            if (data) {
                s.requestLastTs = ts;
                s.srtPending = true;
                s.artPending = true;
            }
            return;
        }
        if (data) {
            if (s.artPending) {
                long art = ts - s.requestLastTs;
                if (art <= config.artCapUs()) {
                    s.record.art(art);
                    s.second.art(art);
                }
            }
            s.artPending = false;
            s.srtPending = false;
        } else if (event == TcpEvent.ACK && payload == 0) {
            if (s.srtPending) {
                long srt = ts - s.requestLastTs;
                if (srt <= config.srtCapUs()) {
                    s.record.srt(srt);
                    s.second.srt(srt);
                }
            }
            s.srtPending = false;
        } else {
            s.srtPending = false;
        }
    }

    /**
     * Same side, same seq and same payload length as one of the side's recent data segments
     * (part-3 §3.3). The last {@link FlowState#RETRANS_HISTORY} segments are remembered; a
     * retransmission of an older segment is not recognised.
     */
    private static boolean isRetransmission(FlowState s, int side, long seq, int payload) {
        long entry = (seq << 16) | Math.min(payload, 0xFFFF);
        int base = side * FlowState.RETRANS_HISTORY;
        int size = s.segmentHistorySize[side];
        for (int i = 0; i < size; i++) {
            if (s.segmentHistory[base + i] == entry) {
                return true;
            }
        }
        int slot = s.segmentHistoryNext[side];
        s.segmentHistory[base + slot] = entry;
        s.segmentHistoryNext[side] = (slot + 1) % FlowState.RETRANS_HISTORY;
        if (size < FlowState.RETRANS_HISTORY) {
            s.segmentHistorySize[side] = size + 1;
        }
        return false;
    }
}
