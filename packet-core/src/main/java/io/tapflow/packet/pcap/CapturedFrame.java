package io.tapflow.packet.pcap;

/**
 * One frame as read from a capture: a view into the reader's buffer, reused for every frame. The
 * bytes are valid until the next call to {@link CaptureFileReader#next}.
 */
public final class CapturedFrame {
    private byte[] buffer;
    private int offset;
    private int capturedLength;
    private int originalLength;
    private long tsUs;
    private int linkType;
    private int interfaceId;
    private long fileOffset;

    /** Fills the frame; for readers and for other sources (live capture) that feed the same pipeline. */
    public void set(byte[] buffer, int offset, int capturedLength, int originalLength, long tsUs, int linkType,
                    int interfaceId, long fileOffset) {
        this.buffer = buffer;
        this.offset = offset;
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
        this.tsUs = tsUs;
        this.linkType = linkType;
        this.interfaceId = interfaceId;
        this.fileOffset = fileOffset;
    }

    public byte[] buffer() { return buffer; }
    public int offset() { return offset; }
    /** Bytes present in the capture. */
    public int capturedLength() { return capturedLength; }
    /** Length of the frame on the wire. */
    public int originalLength() { return originalLength; }
    /** Capture time, µs since the Unix epoch. */
    public long tsUs() { return tsUs; }
    /** pcap LINKTYPE_ of the frame (per interface in pcapng). */
    public int linkType() { return linkType; }
    /** pcapng interface id (0 for classic pcap). */
    public int interfaceId() { return interfaceId; }
    /** Byte offset of the frame's record (or block) in the file. */
    public long fileOffset() { return fileOffset; }
}
