package io.tapflow.tools.metrics;

import static io.tapflow.tools.metrics.BaseMetric.counter;
import static io.tapflow.tools.metrics.BaseMetric.latencyAvg;
import static io.tapflow.tools.metrics.BaseMetric.latencyMax;
import static io.tapflow.tools.metrics.BaseMetric.ratio;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every base metric of the metric tables (the manual's catalogue, part-1 §3.8 and part-2 §2.4,
 * with its typos fixed and tapflow's columns), as SQL over the stored counters. Composite counters
 * ({@code tcp_establish_fail}, ...) and ratios are computed here, at query time, never stored.
 */
public final class MetricDictionary {
    public static final String NETWORK = "network";
    public static final String APPLICATION = "application";

    private static final String PACKETS = "(sum(packet_tx) + sum(packet_rx))";
    private static final String CLIENT_ESTABLISH_FAIL = "(sum(client_syn_repeat) + sum(client_source_port_reuse) + sum(client_establish_other_rst))";
    private static final String SERVER_ESTABLISH_FAIL = "(sum(server_syn_ack_repeat) + sum(server_reset) + sum(server_queue_lack) + sum(server_establish_other_rst))";
    private static final String L7_ERROR = "(sum(l7_client_error) + sum(l7_server_error))";

    private static final List<BaseMetric> ALL = build();

    private MetricDictionary() {}

    public static List<BaseMetric> all() {
        return ALL;
    }

    public static List<BaseMetric> of(String family) {
        return ALL.stream().filter(m -> m.family().equals(family)).toList();
    }

    public static Optional<BaseMetric> find(String family, String name) {
        return ALL.stream().filter(m -> m.family().equals(family) && m.name().equals(name)).findFirst();
    }

    /** The family of a metric table: application_* tables are "application", the rest "network". */
    public static String familyOf(String table) {
        return table.contains("application") ? APPLICATION : NETWORK;
    }

    private static List<BaseMetric> build() {
        String n = NETWORK;
        List<BaseMetric> m = new ArrayList<>();
        // network-layer throughput
        m.add(counter(n, "byte", "(sum(byte_tx) + sum(byte_rx))", "bps", 8, "bytes", "layer-3 bytes, both directions (rate: bit/s)"));
        m.add(counter(n, "byte_tx", "sum(byte_tx)", "bps_tx", 8, "bytes", "layer-3 bytes sent by the clients"));
        m.add(counter(n, "byte_rx", "sum(byte_rx)", "bps_rx", 8, "bytes", "layer-3 bytes sent by the servers"));
        m.add(counter(n, "l4_byte", "(sum(l4_byte_tx) + sum(l4_byte_rx))", "l4_bps", 8, "bytes", "TCP/UDP payload bytes, both directions"));
        m.add(counter(n, "l4_byte_tx", "sum(l4_byte_tx)", "l4_bps_tx", 8, "bytes", "payload bytes sent by the clients"));
        m.add(counter(n, "l4_byte_rx", "sum(l4_byte_rx)", "l4_bps_rx", 8, "bytes", "payload bytes sent by the servers"));
        m.add(counter(n, "packet", PACKETS, "pps", 1, "packets", "packets, both directions"));
        m.add(counter(n, "packet_tx", "sum(packet_tx)", "pps_tx", 1, "packets", "packets sent by the clients"));
        m.add(counter(n, "packet_rx", "sum(packet_rx)", "pps_rx", 1, "packets", "packets sent by the servers"));
        m.add(ratio(n, "bpp", "(sum(byte_tx) + sum(byte_rx))", PACKETS, 1, "bytes", "average packet length (layer 3)"));
        m.add(ratio(n, "bpp_tx", "sum(byte_tx)", "sum(packet_tx)", 1, "bytes", "average length of the clients' packets"));
        m.add(ratio(n, "bpp_rx", "sum(byte_rx)", "sum(packet_rx)", 1, "bytes", "average length of the servers' packets"));
        // transport-layer throughput and load
        m.add(counter(n, "new_flow", "sum(new_flow)", "new_fps", 1, "flows", "flows that started"));
        m.add(counter(n, "closed_flow", "sum(closed_flow)", "closed_fps", 1, "flows", "flows that ended (forced minute reports excluded)"));
        m.add(counter(n, "syn_count", "sum(syn_count)", "syn_ps", 1, "packets", "SYN packets from the clients"));
        m.add(counter(n, "synack_count", "sum(synack_count)", "synack_ps", 1, "packets", "SYN-ACK packets from the servers"));
        m.add(new BaseMetric("flow_load", n, MetricKind.LOAD, "sum(flow_load)", null, false, 1, "l4_fps", "connections",
                "active connections (distinct client IP, server IP, protocol, server port; 1 s and 1 min rules in docs/metrics.md)"));
        // transport-layer latency
        m.add(latencyAvg(n, "rtt", "TCP handshake latency, average of the bucket's samples"));
        m.add(latencyAvg(n, "rtt_client", "handshake latency, client part (SYN-ACK → ACK)"));
        m.add(latencyAvg(n, "rtt_server", "handshake latency, server part (SYN → SYN-ACK)"));
        m.add(latencyAvg(n, "srt", "TCP system latency (request → server's pure ACK)"));
        m.add(latencyAvg(n, "art", "application latency at the transport layer (request → response)"));
        m.add(latencyMax(n, "rtt_max", "largest handshake latency of the bucket"));
        m.add(latencyMax(n, "rtt_client_max", "largest client-part handshake latency"));
        m.add(latencyMax(n, "rtt_server_max", "largest server-part handshake latency"));
        m.add(latencyMax(n, "srt_max", "largest system latency"));
        m.add(latencyMax(n, "art_max", "largest application latency"));
        // transport-layer performance
        m.add(counter(n, "retrans", "(sum(retrans_tx) + sum(retrans_rx))", "rps", 1, "packets", "TCP retransmissions, both sides"));
        m.add(counter(n, "retrans_tx", "sum(retrans_tx)", "rps_tx", 1, "packets", "retransmissions by the clients"));
        m.add(counter(n, "retrans_rx", "sum(retrans_rx)", "rps_rx", 1, "packets", "retransmissions by the servers"));
        m.add(counter(n, "zero_win", "(sum(zero_win_tx) + sum(zero_win_rx))", "zwps", 1, "packets", "zero-window packets, both sides"));
        m.add(counter(n, "zero_win_tx", "sum(zero_win_tx)", "zwps_tx", 1, "packets", "zero-window packets from the clients"));
        m.add(counter(n, "zero_win_rx", "sum(zero_win_rx)", "zwps_rx", 1, "packets", "zero-window packets from the servers"));
        m.add(ratio(n, "retrans_ratio", "(sum(retrans_tx) + sum(retrans_rx))", PACKETS, 100, "%", "retransmissions / packets"));
        m.add(ratio(n, "retrans_tx_ratio", "sum(retrans_tx)", "sum(packet_tx)", 100, "%", "client retransmissions / client packets"));
        m.add(ratio(n, "retrans_rx_ratio", "sum(retrans_rx)", "sum(packet_rx)", 100, "%", "server retransmissions / server packets"));
        m.add(ratio(n, "zero_win_ratio", "(sum(zero_win_tx) + sum(zero_win_rx))", PACKETS, 100, "%", "zero-window packets / packets"));
        m.add(ratio(n, "zero_win_tx_ratio", "sum(zero_win_tx)", "sum(packet_tx)", 100, "%", "client zero windows / client packets"));
        m.add(ratio(n, "zero_win_rx_ratio", "sum(zero_win_rx)", "sum(packet_rx)", 100, "%", "server zero windows / server packets"));
        // transport-layer exceptions (composites computed here; server_queue_lack counts as a setup failure, as in DeepFlow)
        m.add(counter(n, "tcp_establish_fail", "(" + CLIENT_ESTABLISH_FAIL + " + " + SERVER_ESTABLISH_FAIL + ")", "tcp_efps", 1, "flows",
                "TCP setup failures, client + server"));
        m.add(counter(n, "client_establish_fail", CLIENT_ESTABLISH_FAIL, "client_efps", 1, "flows",
                "setup failures caused by the client: SYN repeats, source port reuse, other client RST"));
        m.add(counter(n, "server_establish_fail", SERVER_ESTABLISH_FAIL, "server_efps", 1, "flows",
                "setup failures caused by the server: SYN-ACK repeats, RST to SYN, queue overflow, other server RST"));
        m.add(counter(n, "client_syn_repeat", "sum(client_syn_repeat)", "client_srps", 1, "flows", "ended with the client only repeating SYN (close_type 7)"));
        m.add(counter(n, "client_source_port_reuse", "sum(client_source_port_reuse)", "client_sprps", 1, "flows", "client reused its source port (13)"));
        m.add(counter(n, "client_establish_other_rst", "sum(client_establish_other_rst)", "client_eorps", 1, "flows", "client RST during setup (18)"));
        m.add(counter(n, "server_reset", "sum(server_reset)", "server_rps", 1, "flows", "server answered SYN with RST (15)"));
        m.add(counter(n, "server_syn_ack_repeat", "sum(server_syn_ack_repeat)", "server_sarps", 1, "flows", "ended with the server repeating SYN-ACK (10)"));
        m.add(counter(n, "server_queue_lack", "sum(server_queue_lack)", "server_qlps", 1, "flows", "server accept queue overflow (17)"));
        m.add(counter(n, "server_establish_other_rst", "sum(server_establish_other_rst)", "server_eorps", 1, "flows", "server RST during setup (19)"));
        m.add(counter(n, "client_rst_flow", "sum(client_rst_flow)", "client_rst_fps", 1, "flows", "client reset an established connection (9)"));
        m.add(counter(n, "server_rst_flow", "sum(server_rst_flow)", "server_rst_fps", 1, "flows", "server reset an established connection (2)"));
        m.add(counter(n, "client_half_close_flow", "sum(client_half_close_flow)", "client_half_close_fps", 1, "flows", "left half-closed by the client (11)"));
        m.add(counter(n, "server_half_close_flow", "sum(server_half_close_flow)", "server_half_close_fps", 1, "flows", "left half-closed by the server (8)"));
        m.add(counter(n, "tcp_timeout", "sum(tcp_timeout)", "tcp_timeout_fps", 1, "flows", "TCP connection timed out (3)"));
        m.add(ratio(n, "tcp_establish_fail_ratio", "(" + CLIENT_ESTABLISH_FAIL + " + " + SERVER_ESTABLISH_FAIL + ")", "sum(closed_flow)", 100, "%",
                "setup failures / closed flows"));
        m.add(ratio(n, "client_establish_fail_ratio", CLIENT_ESTABLISH_FAIL, "sum(closed_flow)", 100, "%", "client setup failures / closed flows"));
        m.add(ratio(n, "server_establish_fail_ratio", SERVER_ESTABLISH_FAIL, "sum(closed_flow)", 100, "%", "server setup failures / closed flows"));

        String a = APPLICATION;
        m.add(counter(a, "l7_request", "sum(l7_request)", "l7_request_ps", 1, "requests", "application requests"));
        m.add(counter(a, "l7_response", "sum(l7_response)", "l7_response_ps", 1, "responses", "application responses"));
        m.add(counter(a, "l7_error", L7_ERROR, "l7_eps", 1, "responses", "error responses, client + server (timeouts excluded)"));
        m.add(counter(a, "l7_client_error", "sum(l7_client_error)", "l7_client_eps", 1, "responses", "client errors (HTTP 4XX, DNS rcode 1/3)"));
        m.add(counter(a, "l7_server_error", "sum(l7_server_error)", "l7_server_eps", 1, "responses", "server errors (HTTP 5XX, other DNS rcodes)"));
        m.add(counter(a, "l7_server_timeout", "sum(l7_server_timeout)", "l7_timeout_eps", 1, "requests", "requests without a response"));
        m.add(ratio(a, "l7_error_ratio", L7_ERROR, "sum(l7_response)", 100, "%", "error responses / responses"));
        m.add(ratio(a, "l7_client_error_ratio", "sum(l7_client_error)", "sum(l7_response)", 100, "%", "client errors / responses"));
        m.add(ratio(a, "l7_server_error_ratio", "sum(l7_server_error)", "sum(l7_response)", 100, "%", "server errors / responses"));
        m.add(ratio(a, "l7_timeout_ratio", "sum(l7_server_timeout)", "sum(l7_request)", 100, "%", "timed-out requests / requests"));
        m.add(latencyAvg(a, "rrt", "application response time (request's first packet → response's first packet)"));
        m.add(latencyMax(a, "rrt_max", "largest application response time"));
        return List.copyOf(m);
    }
}
