package io.tapflow.flow;

/** The manual's close_type codes (part-4 §3.1); codes 4, 6, 12, 14 and 16 do not exist. */
public final class CloseType {
    public static final int UNKNOWN = 0;
    public static final int TCP_FIN = 1;
    public static final int TCP_SERVER_RST = 2;
    public static final int TIMEOUT = 3;
    public static final int FORCED_REPORT = 5;
    public static final int CLIENT_SYN_REPEAT = 7;
    public static final int SERVER_HALF_CLOSE = 8;
    public static final int TCP_CLIENT_RST = 9;
    public static final int SERVER_SYN_ACK_REPEAT = 10;
    public static final int CLIENT_HALF_CLOSE = 11;
    public static final int CLIENT_SOURCE_PORT_REUSE = 13;
    public static final int SERVER_RESET = 15;
    public static final int SERVER_QUEUE_LACK = 17;
    public static final int CLIENT_ESTABLISH_OTHER_RST = 18;
    public static final int SERVER_ESTABLISH_OTHER_RST = 19;

    private CloseType() {}
}
