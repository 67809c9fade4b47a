package io.tapflow.flow;

import java.util.Arrays;

/**
 * The TCP flow-aggregation state machine of part-3 §3.4 as data: the table below is parsed once at
 * class load and every lookup is an array access. The manual names the states and their timeouts
 * but gives no transitions; these are tapflow's, chosen so that every close_type of part-4 §3.1 is
 * reachable from the packet sequence that defines it (see docs/flow-engine.md and the tests).
 *
 * <p>A (state, event, side) pair that is not listed keeps the state. {@code NEW_FLOW} ends the
 * current flow (reported with its state's close_type) and starts a new one with the packet: a
 * client that opens a new connection on the same ports once the old one is closing or closed.
 * {@code PORT_REUSED} does the same for a connection that was still established, which then ends
 * as client-source-port-reuse (FlowTracker ignores a SYN that repeats the flow's own ISN).
 */
public final class TcpTransitions {
    /** Marker for "report this flow and start a new one from the packet". */
    public static final int NEW_FLOW = -1;
    /** As NEW_FLOW, the old flow ending as client-source-port-reuse (close_type 13). */
    public static final int PORT_REUSED = -2;

    private static final String TABLE = """
            # state              event     from     next
            RAW                  SYN       client   OPENING_1
            RAW                  SYN_ACK   server   OPENING_2
            RAW                  ACK       any      ESTABLISHED
            RAW                  FIN       client   CLOSING_TX1
            RAW                  FIN       server   CLOSING_RX1
            RAW                  RST       any      RESET
            RAW                  OTHER     any      EXCEPTION

            OPENING_1            SYN       client   SYN_1
            OPENING_1            SYN_ACK   server   OPENING_2
            OPENING_1            ACK       client   ESTABLISHED
            OPENING_1            ACK       server   CLIENT_L4PORT_REUSE
            OPENING_1            RST       server   SERVER_RESET
            OPENING_1            RST       client   RESET_ESTABLISH
            OPENING_1            FIN       client   CLOSING_TX1
            OPENING_1            FIN       server   CLOSING_RX1
            OPENING_1            SYN       server   EXCEPTION

            SYN_1                SYN_ACK   server   OPENING_2
            SYN_1                ACK       client   ESTABLISHED
            SYN_1                ACK       server   CLIENT_L4PORT_REUSE
            SYN_1                RST       server   SERVER_RESET
            SYN_1                RST       client   RESET_ESTABLISH
            SYN_1                FIN       client   CLOSING_TX1
            SYN_1                FIN       server   CLOSING_RX1

            OPENING_2            SYN_ACK   server   SYN_ACK_1
            OPENING_2            ACK       client   ESTABLISHED
            OPENING_2            RST       any      RESET_ESTABLISH
            OPENING_2            FIN       client   CLOSING_TX1
            OPENING_2            FIN       server   CLOSING_RX1

            SYN_ACK_1            ACK       client   ESTABLISHED
            SYN_ACK_1            RST       any      RESET_ESTABLISH
            SYN_ACK_1            FIN       client   CLOSING_TX1
            SYN_ACK_1            FIN       server   CLOSING_RX1

            # ESTABLISHED + SYN_ACK from the server is SERVER_QUEUE_LACK only while no payload has
            # flowed since the handshake (FlowTracker checks that guard).
            ESTABLISHED          SYN_ACK   server   SERVER_QUEUE_LACK
            ESTABLISHED          SYN       client   PORT_REUSED
            ESTABLISHED          FIN       client   CLOSING_TX1
            ESTABLISHED          FIN       server   CLOSING_RX1
            ESTABLISHED          RST       any      RESET

            SERVER_QUEUE_LACK    ACK       any      ESTABLISHED
            SERVER_QUEUE_LACK    FIN       client   CLOSING_TX1
            SERVER_QUEUE_LACK    FIN       server   CLOSING_RX1
            SERVER_QUEUE_LACK    RST       any      RESET

            CLOSING_TX1          FIN       server   CLOSING_TX2
            CLOSING_TX1          RST       any      RESET
            CLOSING_TX1          SYN       client   NEW_FLOW
            CLOSING_TX2          ACK       client   CLOSED_FIN
            CLOSING_TX2          RST       any      RESET
            CLOSING_TX2          SYN       client   NEW_FLOW

            CLOSING_RX1          FIN       client   CLOSING_RX2
            CLOSING_RX1          RST       any      RESET
            CLOSING_RX1          SYN       client   NEW_FLOW
            CLOSING_RX2          ACK       server   CLOSED_FIN
            CLOSING_RX2          RST       any      RESET
            CLOSING_RX2          SYN       client   NEW_FLOW

            RESET                SYN       client   NEW_FLOW
            SERVER_RESET         SYN       client   NEW_FLOW
            RESET_ESTABLISH      SYN       client   NEW_FLOW
            CLOSED_FIN           SYN       client   NEW_FLOW
            """;

    private static final int SIDES = 2;
    private static final int[] NEXT = build();

    private TcpTransitions() {}

    /**
     * Next state's ordinal, or {@link #NEW_FLOW}.
     *
     * @param fromClient whether the packet was sent by the flow's client
     */
    public static int next(TcpState state, TcpEvent event, boolean fromClient) {
        return NEXT[index(state.ordinal(), event.ordinal(), fromClient ? 0 : 1)];
    }

    private static int index(int state, int event, int side) {
        return (state * TcpEvent.values().length + event) * SIDES + side;
    }

    private static int[] build() {
        int[] next = new int[TcpState.values().length * TcpEvent.values().length * SIDES];
        for (TcpState s : TcpState.values()) {
            for (TcpEvent e : TcpEvent.values()) {
                Arrays.fill(next, index(s.ordinal(), e.ordinal(), 0), index(s.ordinal(), e.ordinal(), 0) + SIDES, s.ordinal());
            }
        }
        int lineNo = 0;
        for (String line : TABLE.split("\n")) {
            lineNo++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] cols = trimmed.split("\\s+");
            if (cols.length != 4) {
                throw new IllegalStateException("transition table line " + lineNo + ": expected 4 columns: " + line);
            }
            int from = TcpState.valueOf(cols[0]).ordinal();
            int event = TcpEvent.valueOf(cols[1]).ordinal();
            int to = switch (cols[3]) {
                case "NEW_FLOW" -> NEW_FLOW;
                case "PORT_REUSED" -> PORT_REUSED;
                default -> TcpState.valueOf(cols[3]).ordinal();
            };
            switch (cols[2]) {
                case "client" -> next[index(from, event, 0)] = to;
                case "server" -> next[index(from, event, 1)] = to;
                case "any" -> {
                    next[index(from, event, 0)] = to;
                    next[index(from, event, 1)] = to;
                }
                default -> throw new IllegalStateException("transition table line " + lineNo + ": bad side " + cols[2]);
            }
        }
        return next;
    }
}
