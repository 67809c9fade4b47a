package io.tapflow.flow;

/** What a TCP packet means to the state machine, from its flags alone. */
public enum TcpEvent {
    SYN, SYN_ACK, ACK, FIN, RST, OTHER;

    static final int FIN_BIT = 0x01;
    static final int SYN_BIT = 0x02;
    static final int RST_BIT = 0x04;
    static final int ACK_BIT = 0x10;

    private static final TcpEvent[] BY_FLAGS = new TcpEvent[256];

    static {
        for (int f = 0; f < 256; f++) {
            BY_FLAGS[f] = classify(f);
        }
    }

    private static TcpEvent classify(int flags) {
        if ((flags & RST_BIT) != 0) {
            return RST;
        }
        if ((flags & SYN_BIT) != 0) {
            return (flags & ACK_BIT) != 0 ? SYN_ACK : SYN;
        }
        if ((flags & FIN_BIT) != 0) {
            return FIN;
        }
        return (flags & ACK_BIT) != 0 ? ACK : OTHER;
    }

    /** Table lookup, no branching on the hot path. */
    public static TcpEvent of(int flags) {
        return BY_FLAGS[flags & 0xFF];
    }
}
