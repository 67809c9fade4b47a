package io.tapflow.gen.net;

/**
 * One packet of a conversation as scripted, before encoding: capture time at the tap, direction and
 * the L4 fields. Plain mutable fields: the generator builds millions and the encoder reads them.
 */
public final class Packet {
    /** Capture time at the tap, µs since the epoch. */
    public long tsUs;
    public boolean fromClient;

    // TCP
    public int tcpFlags;
    public long seq;
    public long ack;
    public int window;
    /** Write SYN options (MSS, SACK-permitted, timestamps, window scale) on this segment. */
    public boolean synOptions;
    public int mss = 1460;
    public int windowScale = 7;
    /** Write the timestamps option (on a SYN: only when {@link #synOptions}). */
    public boolean timestampOption;
    public long tsVal;
    public long tsEcr;

    /** L4 payload: {@code payload[payloadOffset, payloadOffset + payloadLength)}. */
    public byte[] payload;
    public int payloadOffset;
    public int payloadLength;

    // ICMP (echo when type 8/0 or 128/129)
    public int icmpType;
    public int icmpCode;
    public int icmpId;
    public int icmpSeq;

    // IP
    public int ipId;
    public int ttl = 64;
    /**
     * For IP fragments: the bytes this fragment carries after the IP header (a slice of the whole
     * L4 datagram, which the conversation encoded once); null for a normal packet.
     */
    public byte[] fragmentData;
    public int fragmentOffset;
    public boolean moreFragments;

    // filled by the encoder
    public int frameLength;
    public int ipLength;

    public Packet payload(byte[] data, int offset, int length) {
        this.payload = data;
        this.payloadOffset = offset;
        this.payloadLength = length;
        return this;
    }
}
