package io.tapflow.flow;

/** Which of the configured timeouts applies to a TCP state (part-3 §3.4). */
public enum TimeoutClass {
    /** 5 s by default: handshake and exception states. */
    OPENING,
    /** 300 s by default: ESTABLISHED and SYN/ACK-1. */
    ESTABLISHED,
    /** 35 s by default: the four CLOSING states. */
    CLOSING,
    /** 1 s by default: a flow closed by FIN absorbs stray packets, then is reported. */
    CLOSED
}
