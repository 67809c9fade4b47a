package io.tapflow.metrics;

import io.tapflow.flow.CloseType;
import java.util.List;

/**
 * The counter columns shared by network_metrics.avsc and network_map_metrics.avsc, as indexes into
 * the accumulators' arrays: additive ones ({@link #SUMS}, summed over rows), largest ones
 * ({@link #MAXES}, max over rows). flow_load is apart: it counts distinct 4-tuples. The application
 * families use the same arrays with {@link #APPLICATION_SUMS} and {@link #APPLICATION_MAXES}.
 */
public final class MetricColumns {
    private MetricColumns() {}

    public static final int PACKET_TX = 0, PACKET_RX = 1, BYTE_TX = 2, BYTE_RX = 3, L4_BYTE_TX = 4, L4_BYTE_RX = 5,
            NEW_FLOW = 6, CLOSED_FLOW = 7, SYN_COUNT = 8, SYNACK_COUNT = 9, RETRANS_TX = 10, RETRANS_RX = 11,
            ZERO_WIN_TX = 12, ZERO_WIN_RX = 13,
            CLIENT_SYN_REPEAT = 14, CLIENT_SOURCE_PORT_REUSE = 15, CLIENT_ESTABLISH_OTHER_RST = 16, SERVER_RESET = 17,
            SERVER_SYN_ACK_REPEAT = 18, SERVER_QUEUE_LACK = 19, SERVER_ESTABLISH_OTHER_RST = 20, CLIENT_RST_FLOW = 21,
            SERVER_RST_FLOW = 22, CLIENT_HALF_CLOSE_FLOW = 23, SERVER_HALF_CLOSE_FLOW = 24, TCP_TIMEOUT = 25,
            RTT_SUM = 26, RTT_COUNT = 27, RTT_CLIENT_SUM = 28, RTT_CLIENT_COUNT = 29, RTT_SERVER_SUM = 30,
            RTT_SERVER_COUNT = 31, SRT_SUM = 32, SRT_COUNT = 33, ART_SUM = 34, ART_COUNT = 35;

    /** Column names of the additive counters, by index. */
    public static final List<String> SUMS = List.of("packet_tx", "packet_rx", "byte_tx", "byte_rx", "l4_byte_tx", "l4_byte_rx",
            "new_flow", "closed_flow", "syn_count", "synack_count", "retrans_tx", "retrans_rx", "zero_win_tx", "zero_win_rx",
            "client_syn_repeat", "client_source_port_reuse", "client_establish_other_rst", "server_reset",
            "server_syn_ack_repeat", "server_queue_lack", "server_establish_other_rst", "client_rst_flow", "server_rst_flow",
            "client_half_close_flow", "server_half_close_flow", "tcp_timeout",
            "rtt_sum", "rtt_count", "rtt_client_sum", "rtt_client_count", "rtt_server_sum", "rtt_server_count",
            "srt_sum", "srt_count", "art_sum", "art_count");

    public static final int RTT_MAX = 0, RTT_CLIENT_MAX = 1, RTT_SERVER_MAX = 2, SRT_MAX = 3, ART_MAX = 4;

    /** Column names of the per-bucket maxima, by index. */
    public static final List<String> MAXES = List.of("rtt_max", "rtt_client_max", "rtt_server_max", "srt_max", "art_max");

    public static final String FLOW_LOAD = "flow_load";

    public static final int L7_REQUEST = 0, L7_RESPONSE = 1, L7_CLIENT_ERROR = 2, L7_SERVER_ERROR = 3, L7_SERVER_TIMEOUT = 4,
            RRT_SUM = 5, RRT_COUNT = 6;

    /** Additive columns of application_metrics.avsc and application_map_metrics.avsc, by index (same arrays, other meaning). */
    public static final List<String> APPLICATION_SUMS = List.of("l7_request", "l7_response", "l7_client_error", "l7_server_error",
            "l7_server_timeout", "rrt_sum", "rrt_count");

    public static final int RRT_MAX = 0;

    public static final List<String> APPLICATION_MAXES = List.of("rrt_max");

    /** Every TCP close reason with a column of its own (part-2 §4.4); others count only in closed_flow. */
    private static final int[] CLOSE_REASON_COLUMN = closeReasonColumns();

    /** The close-reason column of a TCP flow's close_type, or -1 (FIN, forced report, unknown). */
    public static int closeReasonColumn(int closeType) {
        return closeType >= 0 && closeType < CLOSE_REASON_COLUMN.length ? CLOSE_REASON_COLUMN[closeType] : -1;
    }

    private static int[] closeReasonColumns() {
        int[] c = new int[32];
        java.util.Arrays.fill(c, -1);
        c[CloseType.TCP_SERVER_RST] = SERVER_RST_FLOW;
        c[CloseType.TIMEOUT] = TCP_TIMEOUT;
        c[CloseType.CLIENT_SYN_REPEAT] = CLIENT_SYN_REPEAT;
        c[CloseType.SERVER_HALF_CLOSE] = SERVER_HALF_CLOSE_FLOW;
        c[CloseType.TCP_CLIENT_RST] = CLIENT_RST_FLOW;
        c[CloseType.SERVER_SYN_ACK_REPEAT] = SERVER_SYN_ACK_REPEAT;
        c[CloseType.CLIENT_HALF_CLOSE] = CLIENT_HALF_CLOSE_FLOW;
        c[CloseType.CLIENT_SOURCE_PORT_REUSE] = CLIENT_SOURCE_PORT_REUSE;
        c[CloseType.SERVER_RESET] = SERVER_RESET;
        c[CloseType.SERVER_QUEUE_LACK] = SERVER_QUEUE_LACK;
        c[CloseType.CLIENT_ESTABLISH_OTHER_RST] = CLIENT_ESTABLISH_OTHER_RST;
        c[CloseType.SERVER_ESTABLISH_OTHER_RST] = SERVER_ESTABLISH_OTHER_RST;
        return c;
    }
}
