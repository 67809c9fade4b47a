package io.tapflow.l7;

/**
 * Everything the application layer remembers about one flow: the recognised protocol, the parse
 * state of each direction, the requests in flight and the counters not yet taken by the flow
 * engine. A Flink POJO (public fields, no-arg constructor): keep it as a field of the flow's
 * state. Idle cost is a few dozen bytes; buffers are allocated only while a header is split
 * across segments or an HTTP/2 connection is parsed.
 */
public class L7Session {
    public long flowId;
    /** IP protocol of the flow (6 TCP, 17 UDP; others are never parsed). */
    public int ipProtocol;
    /** {@link L7Protocol} code; {@link L7Protocol#UNKNOWN} while inferring. */
    public int protocol;
    /** Payload packets looked at while inferring. */
    public int inspected;
    /**
     * The content showed that the flow's client and server are the other way round (the first
     * message seen was a response from the side the flow engine took for the client). Records
     * follow the content: the caller swaps the _0 / _1 sides of the L7 records it writes.
     */
    public boolean reversed;
    /** Parsing stopped for good (the connection became a tunnel: CONNECT, WebSocket). */
    public boolean opaque;
    public L7Side client = new L7Side();
    public L7Side server = new L7Side();
    /** Requests in flight, oldest first; null until the first request. */
    public L7Exchange[] inFlight;
    public int inFlightCount;
    /** Counters since the caller last drained them ({@link L7Counters#drainInto}). */
    public L7Counters counters = new L7Counters();

    public L7Session() {}

    /** Whether packets of this flow still need to reach {@link L7Engine#onPacket}. */
    public boolean wantsPayload() {
        return !opaque && protocol != L7Protocol.OTHER && (ipProtocol == 6 || ipProtocol == 17);
    }
}
