package io.tapflow.gen.io;

import static io.tapflow.gen.io.PcapWriter.le16;
import static io.tapflow.gen.io.PcapWriter.le32;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * pcapng, little-endian: a section header, one interface (µs resolution, the default) and one
 * enhanced packet block per frame.
 */
public final class PcapngWriter implements CaptureWriter {
    private final OutputStream out;
    private final byte[] header = new byte[28];
    private final byte[] padding = new byte[4];
    private final byte[] trailer = new byte[4];
    private long written;

    public PcapngWriter(Path file, int linkType) throws IOException {
        this(Files.newOutputStream(file), linkType);
    }

    public PcapngWriter(OutputStream stream, int linkType) throws IOException {
        this.out = new BufferedOutputStream(stream, 1 << 20);
        byte[] shb = new byte[28];
        le32(shb, 0, 0x0A0D0D0A);
        le32(shb, 4, 28);
        le32(shb, 8, 0x1A2B3C4D);
        le16(shb, 12, 1);
        le16(shb, 14, 0);
        le32(shb, 16, -1); // section length unknown
        le32(shb, 20, -1);
        le32(shb, 24, 28);
        out.write(shb);
        byte[] idb = new byte[20];
        le32(idb, 0, 1);
        le32(idb, 4, 20);
        le16(idb, 8, linkType);
        le32(idb, 12, 262144);
        le32(idb, 16, 20);
        out.write(idb);
        written = 48;
    }

    @Override
    public void write(long tsUs, byte[] frame, int offset, int length, int originalLength) throws IOException {
        int padded = (length + 3) & ~3;
        int total = 32 + padded;
        le32(header, 0, 6);
        le32(header, 4, total);
        le32(header, 8, 0);
        le32(header, 12, (int) (tsUs >>> 32));
        le32(header, 16, (int) tsUs);
        le32(header, 20, length);
        le32(header, 24, originalLength);
        out.write(header);
        out.write(frame, offset, length);
        out.write(padding, 0, padded - length);
        le32(trailer, 0, total);
        out.write(trailer);
        written += total;
    }

    @Override
    public long bytesWritten() {
        return written;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
