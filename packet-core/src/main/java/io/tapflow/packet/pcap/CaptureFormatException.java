package io.tapflow.packet.pcap;

import java.io.IOException;

/**
 * A capture file that is truncated or corrupt. The message names the file and the byte offset of
 * the damage; every frame before it has been returned by the reader.
 */
public final class CaptureFormatException extends IOException {
    private final String source;
    private final long offset;

    public CaptureFormatException(String source, long offset, String problem) {
        super(source + ": " + problem + " at byte offset " + offset);
        this.source = source;
        this.offset = offset;
    }

    /** The file (or stream) name. */
    public String source() {
        return source;
    }

    /** Byte offset of the damaged record or block. */
    public long offset() {
        return offset;
    }
}
