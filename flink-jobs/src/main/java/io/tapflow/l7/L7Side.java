package io.tapflow.l7;

import io.tapflow.l7.http2.HpackTable;

/**
 * Per-direction parse state of a flow: where the byte stream stands (TCP sequence tracking), the
 * parser's position in it ({@link #mode}, {@link #mark}, {@link #aux}: their meaning is the
 * parser's), bytes kept to join a header split across segments, and the HPACK table of HTTP/2.
 * A Flink POJO. {@link #mode} 0 always means "not in sync: wait for a segment that starts a
 * message".
 */
public class L7Side {
    public static final int RESYNC = 0;

    /** The next TCP sequence number expected from this side (valid when {@link #seqKnown}). */
    public boolean seqKnown;
    public long nextSeq;
    /**
     * This side has sent payload. A side whose handshake was seen ({@link #seqKnown}) but that has
     * not sent anything yet starts its byte stream at {@link #nextSeq}: its first byte starts a
     * message.
     */
    public boolean dataSeen;

    public int mode;
    /** A sequence number the mode refers to (next message start, body end, frame end ...). */
    public long mark;
    public long aux;

    /** Bytes of an unfinished header, kept until the next contiguous segment (reassembly). */
    public byte[] stash;
    public int stashLength;
    public long stashSeq;
    /** Capture time of the first packet of the stashed bytes: the message's start time. */
    public long stashTs;

    /** An HTTP/2 header block being collected across CONTINUATION frames. */
    public byte[] block;
    public int blockLength;
    public int blockInfo;
    public long blockTs;

    /** HTTP/2 only: the HPACK dynamic table of the header blocks this side sends. */
    public HpackTable hpack;

    public L7Side() {}

    /** The side's next byte is known to start its byte stream (handshake seen, nothing sent yet). */
    public boolean atStreamStart() {
        return seqKnown && !dataSeen;
    }

    /** Forgets the parse position: the parser waits for a segment that starts a message. */
    public void resync() {
        mode = RESYNC;
        mark = 0;
        aux = 0;
        stashLength = 0;
        blockLength = 0;
    }
}
