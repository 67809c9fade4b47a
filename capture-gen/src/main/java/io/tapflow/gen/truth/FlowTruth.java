package io.tapflow.gen.truth;

import io.tapflow.gen.net.FlowShape;
import io.tapflow.gen.net.LinkLayer;
import io.tapflow.gen.net.Packet;
import io.tapflow.gen.net.Tunnel;
import java.util.ArrayList;
import java.util.List;

/**
 * What the generator wrote for one conversation: identity, per-direction counts, and the values a
 * correct flow engine must derive from the packets. Latencies are measured at the tap (µs), which is
 * what a capture can see:
 * <ul>
 *   <li>{@code rttServerUs} = SYN → SYN-ACK, {@code rttClientUs} = SYN-ACK → ACK,
 *       {@code rttUs} = first SYN → handshake ACK (the manual's definitions, part-3 §3.2);
 *       -1 when the conversation has no complete handshake.</li>
 *   <li>{@code srtUs}: last request segment → the server's following pure ACK, per request.</li>
 *   <li>{@code artUs}: last request segment → first response segment (TCP), request → response (UDP).</li>
 *   <li>{@code retrans*}: packets the script resent (same seq, and same payload length for data;
 *       SYN and SYN-ACK repeats included).</li>
 *   <li>{@code zeroWindow*}: TCP packets with window 0 and none of SYN/FIN/RST (Wireshark's rule;
 *       a RST answering a SYN carries window 0 as Linux sends it and is not counted).</li>
 *   <li>{@code closeType}: the close the scenario was designed to produce, in the manual's codes
 *       (part-4 §3): 1 FIN, 2 server RST, 3 timeout, 7 client SYN repeat, 8 server half close,
 *       9 client RST, 10 server SYN-ACK repeat, 11 client half close, 13 client port reuse,
 *       15 server reset, 18/19 client/server other RST during setup; 0 = not a TCP close.</li>
 * </ul>
 * Counts and bytes are filled as packets are encoded: {@code ipBytes} sums IP total lengths (the
 * inner packet's), {@code frameBytes} the frame lengths as written, {@code payloadBytes} L4 payloads.
 */
public final class FlowTruth {
    public final int id;
    public final String label;
    public final String encapsulation;
    public final int protocol;
    public final int ipVersion;
    public final String clientIp;
    public final int clientPort;
    public final String serverIp;
    public final int serverPort;
    /** FlowKey.tunnel_type / tunnel_id / tunnel_depth the agent must report (outermost tunnel). */
    public final int tunnelType;
    public final long tunnelId;
    public final int tunnelDepth;
    /**
     * Outer addresses of the outermost tunnel on client-to-server packets ("" without tunnel): the
     * tunnel_ip_src/dst of a flow key oriented client → server.
     */
    public final String tunnelClientSideIp;
    public final String tunnelServerSideIp;
    /** VLAN id the agent must report (innermost tag of the innermost Ethernet header). */
    public final int vlan;

    public long packetsC2s;
    public long packetsS2c;
    public long ipBytesC2s;
    public long ipBytesS2c;
    public long frameBytesC2s;
    public long frameBytesS2c;
    public long payloadBytesC2s;
    public long payloadBytesS2c;
    /** IP fragments among the packets (every fragment, the first included). */
    public long fragments;
    public long startUs = Long.MAX_VALUE;
    public long endUs = Long.MIN_VALUE;

    public long rttUs = -1;
    public long rttClientUs = -1;
    public long rttServerUs = -1;
    public final List<Long> srtUs = new ArrayList<>();
    public final List<Long> artUs = new ArrayList<>();
    public int retransC2s;
    public int retransS2c;
    public int synRepeats;
    public int synAckRepeats;
    public int zeroWindowC2s;
    public int zeroWindowS2c;
    public int closeType;
    public String closeReason = "";
    /**
     * The drop reason an agent must count for every packet of this conversation instead of making a
     * flow (e.g. "own_vxlan"); null for a normal flow.
     */
    public String expectedDrop;
    public final List<L7Truth> l7 = new ArrayList<>();

    public FlowTruth(int id, String label, FlowShape shape, LinkLayer link) {
        this.id = id;
        this.label = label;
        this.encapsulation = shape.encapsulation().name();
        this.protocol = shape.protocol();
        this.ipVersion = shape.ipv6() ? 6 : 4;
        this.clientIp = shape.client().address();
        this.clientPort = shape.client().port();
        this.serverIp = shape.server().address();
        this.serverPort = shape.server().port();
        Tunnel outer = shape.encapsulation().outermostTunnel();
        this.tunnelType = outer == null ? 0 : outer.typeCode();
        this.tunnelId = outer == null ? 0 : outer.reportedId();
        this.tunnelDepth = shape.encapsulation().tunnels().size();
        this.tunnelClientSideIp = outer == null ? "" : text(outer.outerA());
        this.tunnelServerSideIp = outer == null ? "" : text(outer.outerB());
        this.vlan = shape.encapsulation().reportedVlan(link);
    }

    private static String text(byte[] address) {
        try {
            return java.net.InetAddress.getByAddress(address).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Accounts one encoded packet. */
    public void count(Packet p, int tcpFlagsForZeroWindow) {
        if (p.fromClient) {
            packetsC2s++;
            ipBytesC2s += p.ipLength;
            frameBytesC2s += p.frameLength;
            payloadBytesC2s += p.payloadLength;
        } else {
            packetsS2c++;
            ipBytesS2c += p.ipLength;
            frameBytesS2c += p.frameLength;
            payloadBytesS2c += p.payloadLength;
        }
        if (p.fragmentData != null) {
            fragments++;
        }
        if (protocol == 6 && p.fragmentData == null && p.window == 0 && (tcpFlagsForZeroWindow & 0x07) == 0) {
            if (p.fromClient) {
                zeroWindowC2s++;
            } else {
                zeroWindowS2c++;
            }
        }
        startUs = Math.min(startUs, p.tsUs);
        endUs = Math.max(endUs, p.tsUs);
    }

    public long packets() {
        return packetsC2s + packetsS2c;
    }

    public void writeJson(Json j) {
        j.beginObject()
                .field("id", id)
                .field("label", label)
                .field("encapsulation", encapsulation)
                .field("protocol", protocol)
                .field("ip_version", ipVersion)
                .field("client_ip", clientIp)
                .field("client_port", clientPort)
                .field("server_ip", serverIp)
                .field("server_port", serverPort)
                .field("tunnel_type", tunnelType)
                .field("tunnel_id", tunnelId)
                .field("tunnel_depth", tunnelDepth)
                .field("tunnel_client_side_ip", tunnelClientSideIp)
                .field("tunnel_server_side_ip", tunnelServerSideIp)
                .field("vlan", vlan)
                .field("packets_c2s", packetsC2s)
                .field("packets_s2c", packetsS2c)
                .field("ip_bytes_c2s", ipBytesC2s)
                .field("ip_bytes_s2c", ipBytesS2c)
                .field("frame_bytes_c2s", frameBytesC2s)
                .field("frame_bytes_s2c", frameBytesS2c)
                .field("payload_bytes_c2s", payloadBytesC2s)
                .field("payload_bytes_s2c", payloadBytesS2c)
                .field("fragments", fragments)
                .field("start_us", startUs)
                .field("end_us", endUs)
                .field("rtt_us", rttUs)
                .field("rtt_client_us", rttClientUs)
                .field("rtt_server_us", rttServerUs)
                .field("srt_us", srtUs.stream().mapToLong(Long::longValue).toArray())
                .field("art_us", artUs.stream().mapToLong(Long::longValue).toArray())
                .field("retrans_c2s", retransC2s)
                .field("retrans_s2c", retransS2c)
                .field("syn_repeats", synRepeats)
                .field("syn_ack_repeats", synAckRepeats)
                .field("zero_window_c2s", zeroWindowC2s)
                .field("zero_window_s2c", zeroWindowS2c)
                .field("close_type", closeType)
                .field("close_reason", closeReason)
                .field("expected_drop", expectedDrop);
        j.name("l7").beginArray();
        for (L7Truth e : l7) {
            e.writeJson(j);
        }
        j.endArray().endObject();
    }

    @Override
    public String toString() {
        return "flow " + id + " " + label + " " + clientIp + ":" + clientPort + " > " + serverIp + ":" + serverPort
                + " proto " + protocol + " [" + encapsulation + "] c2s " + packetsC2s + "/" + ipBytesC2s
                + " s2c " + packetsS2c + "/" + ipBytesS2c;
    }
}
