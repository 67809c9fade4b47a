package io.tapflow.l7;

/**
 * One application protocol. A parser is stateless (per-flow state lives in {@link L7Session} and
 * its {@link L7Side}s; a parser may keep scratch buffers, one instance serves every flow of an
 * engine), recognises its protocol by content, and turns segments into requests and responses
 * through {@link L7Segment#pairs()}. Adding a protocol = one implementation of this interface
 * (plus its tests), registered in {@link L7Engine}.
 *
 * <p>Contract: never throw on any input (the engine still guards, counting
 * {@link L7Anomaly#PARSER_FAILURE}); read only {@code seg.visible} bytes; count what cannot be used
 * with {@link L7Segment#anomaly}.
 */
public interface L7Parser {
    /** {@link #infer} result: not this protocol. */
    int NO = 0;
    /** {@link #infer} result: this protocol, and the segment starts a request (its sender is the client). */
    int REQUEST = 1;
    /** {@link #infer} result: this protocol, and the segment starts a response (its sender is the server). */
    int RESPONSE = 2;

    /** The {@link L7Protocol} code of this parser's records. */
    int protocol();

    /**
     * Looks at a payload segment of a flow whose protocol is not known yet (one of its first
     * {@link L7Config#inferencePackets()} payload packets) and says whether it begins a message of
     * this protocol. Must be strict: junk must not be taken for a message.
     */
    int infer(L7Segment seg);

    /**
     * Called once after {@link #infer} said yes, with the same segment ({@code seg.fromClient} already
     * corrected by the role): put both sides in the state the segment implies. {@link #parse} follows
     * with the same segment.
     */
    void start(L7Segment seg);

    /**
     * Called when another parser hands the connection over at the first byte of {@code seg} (HTTP/1
     * 101 Switching Protocols to h2c). Default: same as {@link #start}.
     */
    default void takeOver(L7Segment seg) {
        start(seg);
    }

    /** Parses one segment (or reassembled run of segments) of one direction. */
    void parse(L7Segment seg);
}
