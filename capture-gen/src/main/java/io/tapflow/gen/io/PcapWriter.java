package io.tapflow.gen.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Classic pcap, little-endian, µs or ns timestamps, snap length 262144. */
public final class PcapWriter implements CaptureWriter {
    private final OutputStream out;
    private final boolean nanos;
    private final byte[] header = new byte[16];
    private long written;

    public PcapWriter(Path file, int linkType, boolean nanos) throws IOException {
        this(Files.newOutputStream(file), linkType, nanos);
    }

    public PcapWriter(OutputStream stream, int linkType, boolean nanos) throws IOException {
        this.out = new BufferedOutputStream(stream, 1 << 20);
        this.nanos = nanos;
        byte[] h = new byte[24];
        le32(h, 0, nanos ? 0xA1B23C4D : 0xA1B2C3D4);
        le16(h, 4, 2);
        le16(h, 6, 4);
        le32(h, 16, 262144);
        le32(h, 20, linkType);
        out.write(h);
        written = 24;
    }

    @Override
    public void write(long tsUs, byte[] frame, int offset, int capturedLength, int originalLength) throws IOException {
        le32(header, 0, (int) (tsUs / 1_000_000));
        le32(header, 4, (int) (nanos ? (tsUs % 1_000_000) * 1000 : tsUs % 1_000_000));
        le32(header, 8, capturedLength);
        le32(header, 12, originalLength);
        out.write(header);
        out.write(frame, offset, capturedLength);
        written += 16 + capturedLength;
    }

    @Override
    public long bytesWritten() {
        return written;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    static void le16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    static void le32(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
