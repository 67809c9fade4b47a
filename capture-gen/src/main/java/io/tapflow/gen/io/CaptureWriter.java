package io.tapflow.gen.io;

import java.io.IOException;
import java.nio.file.Path;

/** Writes frames to a capture file. */
public interface CaptureWriter extends AutoCloseable {
    /** Writes one frame; {@code capturedLength} ≤ {@code originalLength} when the snap length cut it. */
    void write(long tsUs, byte[] frame, int offset, int capturedLength, int originalLength) throws IOException;

    @Override
    void close() throws IOException;

    /** Bytes written so far (headers included). */
    long bytesWritten();

    /**
     * Opens a writer: "pcap" (µs), "pcap-ns" (nanosecond pcap) or "pcapng" for the given LINKTYPE_.
     */
    static CaptureWriter open(Path file, String format, int linkType) throws IOException {
        switch (format) {
            case "pcap":
                return new PcapWriter(file, linkType, false);
            case "pcap-ns":
                return new PcapWriter(file, linkType, true);
            case "pcapng":
                return new PcapngWriter(file, linkType);
            default:
                throw new IllegalArgumentException("unknown capture format '" + format + "' (pcap, pcap-ns, pcapng)");
        }
    }
}
