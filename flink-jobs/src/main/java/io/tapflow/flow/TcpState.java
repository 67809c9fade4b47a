package io.tapflow.flow;

/**
 * The manual's flow-aggregation states (part-3 §3.4), each with its timeout class and the close_type
 * a flow gets when it times out in that state. "TX" means the client closed first, "RX" the server.
 */
public enum TcpState {
    /** Before the first packet. */
    RAW(TimeoutClass.OPENING, CloseType.TIMEOUT),
    /** The client's SYN was seen. */
    OPENING_1(TimeoutClass.OPENING, CloseType.TIMEOUT),
    /** The server's SYN-ACK was seen. */
    OPENING_2(TimeoutClass.OPENING, CloseType.TIMEOUT),
    ESTABLISHED(TimeoutClass.ESTABLISHED, CloseType.TIMEOUT),
    /** The client repeated its SYN without an answer ("SYN-1"). */
    SYN_1(TimeoutClass.OPENING, CloseType.CLIENT_SYN_REPEAT),
    /** The server repeated its SYN-ACK without the client's ACK ("SYN/ACK-1"). */
    SYN_ACK_1(TimeoutClass.ESTABLISHED, CloseType.SERVER_SYN_ACK_REPEAT),
    /** The client sent FIN first. */
    CLOSING_TX1(TimeoutClass.CLOSING, CloseType.CLIENT_HALF_CLOSE),
    /** The client sent FIN, then the server. */
    CLOSING_TX2(TimeoutClass.CLOSING, CloseType.TCP_FIN),
    /** The server sent FIN first. */
    CLOSING_RX1(TimeoutClass.CLOSING, CloseType.SERVER_HALF_CLOSE),
    /** The server sent FIN, then the client. */
    CLOSING_RX2(TimeoutClass.CLOSING, CloseType.TCP_FIN),
    /** A RST after the handshake; the close_type depends on who sent it. */
    RESET(TimeoutClass.OPENING, CloseType.UNKNOWN),
    /** A packet sequence no rule covers (e.g. no flags at all). */
    EXCEPTION(TimeoutClass.OPENING, CloseType.UNKNOWN),
    /** The server answered the client's SYN with a plain ACK: it still holds an older connection on the same ports. */
    CLIENT_L4PORT_REUSE(TimeoutClass.OPENING, CloseType.CLIENT_SOURCE_PORT_REUSE),
    /** The server answered the client's SYN with RST (nothing listening). */
    SERVER_RESET(TimeoutClass.OPENING, CloseType.SERVER_RESET),
    /** The handshake completed, then the server repeated its SYN-ACK: its accept queue dropped the ACK. */
    SERVER_QUEUE_LACK(TimeoutClass.OPENING, CloseType.SERVER_QUEUE_LACK),
    /** A RST during the handshake other than SERVER_RESET; the close_type depends on who sent it. */
    RESET_ESTABLISH(TimeoutClass.OPENING, CloseType.UNKNOWN),
    /** Both FINs and the last ACK were seen. */
    CLOSED_FIN(TimeoutClass.CLOSED, CloseType.TCP_FIN);

    private static final TcpState[] VALUES = values();

    private final TimeoutClass timeoutClass;
    private final int timeoutCloseType;

    TcpState(TimeoutClass timeoutClass, int timeoutCloseType) {
        this.timeoutClass = timeoutClass;
        this.timeoutCloseType = timeoutCloseType;
    }

    public TimeoutClass timeoutClass() {
        return timeoutClass;
    }

    /** close_type of a flow that ends in this state; {@code rstByClient} only matters for the RST states. */
    public int closeType(boolean rstByClient) {
        return switch (this) {
            case RESET -> rstByClient ? CloseType.TCP_CLIENT_RST : CloseType.TCP_SERVER_RST;
            case RESET_ESTABLISH -> rstByClient ? CloseType.CLIENT_ESTABLISH_OTHER_RST : CloseType.SERVER_ESTABLISH_OTHER_RST;
            default -> timeoutCloseType;
        };
    }

    public static TcpState of(int ordinal) {
        return VALUES[ordinal];
    }
}
