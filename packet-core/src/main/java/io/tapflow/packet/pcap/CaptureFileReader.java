package io.tapflow.packet.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads classic pcap (either byte order, µs or ns timestamps) and pcapng (SHB, IDB, EPB, SPB and
 * the obsolete OPB; several sections and interfaces, each with its own link type, timestamp
 * resolution and offset) from a file or a stream such as standard input.
 *
 * <p>Large sequential reads into one buffer; frames are returned as views into it, so reading
 * allocates nothing per packet. A truncated or corrupt file raises {@link CaptureFormatException}
 * naming the byte offset, after every good frame before it was returned.
 */
public final class CaptureFileReader implements AutoCloseable {
    private static final int DEFAULT_BUFFER = 4 << 20;
    /** Largest frame accepted in classic pcap when the snap length is smaller (libpcap's own bound). */
    private static final int MAX_FRAME = 256 * 1024;
    /** Largest pcapng block accepted; beyond it the length field is taken as corrupt. */
    private static final int MAX_BLOCK = 64 << 20;

    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private static final int PCAP_MAGIC_US = 0xA1B2C3D4;
    private static final int PCAP_MAGIC_NS = 0xA1B23C4D;
    private static final int PCAPNG_SHB = 0x0A0D0D0A;
    private static final int PCAPNG_BOM = 0x1A2B3C4D;

    /** Capture file formats. */
    public enum Format { PCAP, PCAPNG }

    private final String name;
    private final ReadableByteChannel channel;
    private byte[] buf;
    private ByteBuffer view;
    private int pos;
    private int limit;
    /** File offset of buf[0]. */
    private long bufferFileOffset;
    private boolean eof;
    private boolean failed;

    private final Format format;
    private boolean bigEndian;
    // classic pcap
    private boolean nanos;
    private int pcapLinkType;
    private int pcapMaxFrame;
    // pcapng interfaces of the current section
    private int interfaceCount;
    private int[] ifLinkType = new int[4];
    private int[] ifSnapLen = new int[4];
    /** Timestamp unit: 10^-n (decimal) or 2^-n (binary), and the offset in seconds. */
    private boolean[] ifBinary = new boolean[4];
    private int[] ifResolution = new int[4];
    private long[] ifOffsetSec = new long[4];

    private CaptureFileReader(String name, ReadableByteChannel channel, int bufferSize) throws IOException {
        this.name = name;
        this.channel = channel;
        this.buf = new byte[bufferSize];
        this.view = ByteBuffer.wrap(buf);
        try {
            this.format = readFileHeader();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Opens a pcap or pcapng file (format detected from its first bytes). */
    public static CaptureFileReader open(Path path) throws IOException {
        return new CaptureFileReader(path.toString(), FileChannel.open(path, StandardOpenOption.READ), DEFAULT_BUFFER);
    }

    /** Reads a capture from a stream (e.g. standard input); {@code name} is used in error messages. */
    public static CaptureFileReader open(InputStream in, String name) throws IOException {
        return new CaptureFileReader(name, Channels.newChannel(in), DEFAULT_BUFFER);
    }

    public Format format() {
        return format;
    }

    public String name() {
        return name;
    }

    /** Link type of a classic pcap file, or of the first interface of a pcapng file (-1 if none yet). */
    public int linkType() {
        if (format == Format.PCAP) {
            return pcapLinkType;
        }
        return interfaceCount > 0 ? ifLinkType[0] : -1;
    }

    /** Classic pcap with nanosecond timestamps. */
    public boolean nanosecondTimestamps() {
        return nanos;
    }

    /**
     * Reads the next frame into {@code frame}; false at the clean end of the input.
     *
     * @throws CaptureFormatException when the input is truncated or corrupt at the next record
     */
    public boolean next(CapturedFrame frame) throws IOException {
        if (failed) {
            return false;
        }
        try {
            return format == Format.PCAP ? nextPcap(frame) : nextPcapng(frame);
        } catch (CaptureFormatException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    // ---------------------------------------------------------------- classic pcap

    private Format readFileHeader() throws IOException {
        if (!ensure(4)) {
            throw new CaptureFormatException(name, 0, limit - pos == 0 ? "empty input, not a capture file"
                    : "truncated file header");
        }
        int magicBe = (int) BE32.get(buf, pos);
        if (magicBe == PCAPNG_SHB) {
            return Format.PCAPNG;
        }
        int magicLe = (int) LE32.get(buf, pos);
        if (magicBe == PCAP_MAGIC_US || magicBe == PCAP_MAGIC_NS) {
            bigEndian = true;
            nanos = magicBe == PCAP_MAGIC_NS;
        } else if (magicLe == PCAP_MAGIC_US || magicLe == PCAP_MAGIC_NS) {
            bigEndian = false;
            nanos = magicLe == PCAP_MAGIC_NS;
        } else {
            throw new CaptureFormatException(name, 0, String.format(
                    "not a pcap or pcapng file (magic 0x%08x)", magicBe));
        }
        if (!ensure(24)) {
            throw new CaptureFormatException(name, 0, "truncated pcap file header");
        }
        int snapLen = i32(pos + 16);
        pcapLinkType = i32(pos + 20) & 0x0FFFFFFF; // upper bits: FCS length flags
        pcapMaxFrame = snapLen > MAX_FRAME && snapLen <= MAX_BLOCK ? snapLen : MAX_FRAME;
        pos += 24;
        return Format.PCAP;
    }

    private boolean nextPcap(CapturedFrame frame) throws IOException {
        if (!ensure(16)) {
            if (limit - pos == 0) {
                return false;
            }
            throw new CaptureFormatException(name, offsetOf(pos), "truncated record header ("
                    + (limit - pos) + " of 16 bytes)");
        }
        long recordOffset = offsetOf(pos);
        long seconds = i32(pos) & 0xFFFFFFFFL;
        long fraction = i32(pos + 4) & 0xFFFFFFFFL;
        int captured = i32(pos + 8);
        int original = i32(pos + 12);
        if (captured < 0 || captured > pcapMaxFrame) {
            throw new CaptureFormatException(name, recordOffset, "corrupt record header: captured length "
                    + Integer.toUnsignedString(captured) + " exceeds the limit " + pcapMaxFrame);
        }
        if (!ensure(16 + captured)) {
            throw new CaptureFormatException(name, recordOffset, "truncated record: header announces "
                    + captured + " bytes, the input ends after " + Math.max(0, limit - pos - 16));
        }
        long tsUs = seconds * 1_000_000L + (nanos ? fraction / 1000 : fraction);
        frame.set(buf, pos + 16, captured, Math.max(original, captured), tsUs, pcapLinkType, 0, recordOffset);
        pos += 16 + captured;
        return true;
    }

    // ---------------------------------------------------------------- pcapng

    private boolean nextPcapng(CapturedFrame frame) throws IOException {
        while (true) {
            if (!ensure(12)) {
                if (limit - pos == 0) {
                    return false;
                }
                throw new CaptureFormatException(name, offsetOf(pos), "truncated block header");
            }
            long blockOffset = offsetOf(pos);
            int type = i32(pos);
            if (type == PCAPNG_SHB) {
                readSectionByteOrder(blockOffset);
            }
            int length = i32(pos + 4);
            if (length < 12 || (length & 3) != 0 || length > MAX_BLOCK) {
                throw new CaptureFormatException(name, blockOffset, "corrupt block: length "
                        + Integer.toUnsignedString(length));
            }
            if (!ensure(length)) {
                throw new CaptureFormatException(name, blockOffset, "truncated block: length " + length
                        + ", the input ends after " + (limit - pos));
            }
            if (i32(pos + length - 4) != length) {
                throw new CaptureFormatException(name, blockOffset, "corrupt block: trailing length "
                        + Integer.toUnsignedString(i32(pos + length - 4)) + " differs from leading length " + length);
            }
            int body = pos + 8;
            int bodyLength = length - 12;
            boolean produced = false;
            switch (type) {
                case PCAPNG_SHB:
                    interfaceCount = 0;
                    break;
                case 1:
                    readInterface(body, bodyLength, blockOffset);
                    break;
                case 6:
                    produced = enhancedPacket(body, bodyLength, blockOffset, frame);
                    break;
                case 3:
                    produced = simplePacket(body, bodyLength, blockOffset, frame);
                    break;
                case 2:
                    produced = obsoletePacket(body, bodyLength, blockOffset, frame);
                    break;
                default:
                    break; // name resolution, statistics, custom blocks...: not needed for flows
            }
            pos += length;
            if (produced) {
                return true;
            }
        }
    }

    private void readSectionByteOrder(long blockOffset) throws IOException {
        if (!ensure(12)) {
            throw new CaptureFormatException(name, blockOffset, "truncated section header block");
        }
        int bomBe = (int) BE32.get(buf, pos + 8);
        if (bomBe == PCAPNG_BOM) {
            bigEndian = true;
        } else if ((int) LE32.get(buf, pos + 8) == PCAPNG_BOM) {
            bigEndian = false;
        } else {
            throw new CaptureFormatException(name, blockOffset, String.format(
                    "corrupt section header block: byte-order magic 0x%08x", bomBe));
        }
    }

    private void readInterface(int body, int bodyLength, long blockOffset) throws CaptureFormatException {
        if (bodyLength < 8) {
            throw new CaptureFormatException(name, blockOffset, "corrupt interface description block");
        }
        int id = interfaceCount;
        if (id == ifLinkType.length) {
            int n = id * 2;
            ifLinkType = Arrays.copyOf(ifLinkType, n);
            ifSnapLen = Arrays.copyOf(ifSnapLen, n);
            ifBinary = Arrays.copyOf(ifBinary, n);
            ifResolution = Arrays.copyOf(ifResolution, n);
            ifOffsetSec = Arrays.copyOf(ifOffsetSec, n);
        }
        ifLinkType[id] = u16(body);
        ifSnapLen[id] = i32(body + 4);
        ifBinary[id] = false;
        ifResolution[id] = 6;
        ifOffsetSec[id] = 0;
        int p = body + 8;
        int end = body + bodyLength;
        while (p + 4 <= end) {
            int code = u16(p);
            int optionLength = u16(p + 2);
            if (code == 0) {
                break;
            }
            if (p + 4 + optionLength > end) {
                throw new CaptureFormatException(name, blockOffset, "corrupt interface option " + code);
            }
            if (code == 9 && optionLength >= 1) {
                int r = buf[p + 4] & 0xFF;
                ifBinary[id] = (r & 0x80) != 0;
                ifResolution[id] = r & 0x7F;
                if (!ifBinary[id] && ifResolution[id] > 18 || ifBinary[id] && ifResolution[id] > 62) {
                    throw new CaptureFormatException(name, blockOffset, "unsupported if_tsresol " + r);
                }
            } else if (code == 14 && optionLength >= 8) {
                ifOffsetSec[id] = bigEndian ? (long) i32(p + 4) << 32 | (i32(p + 8) & 0xFFFFFFFFL)
                        : (i32(p + 4) & 0xFFFFFFFFL) | (long) i32(p + 8) << 32;
            }
            p += 4 + ((optionLength + 3) & ~3);
        }
        interfaceCount++;
    }

    private boolean enhancedPacket(int body, int bodyLength, long blockOffset, CapturedFrame frame)
            throws CaptureFormatException {
        if (bodyLength < 20) {
            throw new CaptureFormatException(name, blockOffset, "corrupt enhanced packet block");
        }
        int id = i32(body);
        int captured = i32(body + 12);
        int original = i32(body + 16);
        checkPacket(id, captured, bodyLength - 20, blockOffset);
        long units = (i32(body + 4) & 0xFFFFFFFFL) << 32 | (i32(body + 8) & 0xFFFFFFFFL);
        frame.set(buf, body + 20, captured, Math.max(original, captured), toMicros(id, units), ifLinkType[id], id,
                blockOffset);
        return true;
    }

    private boolean obsoletePacket(int body, int bodyLength, long blockOffset, CapturedFrame frame)
            throws CaptureFormatException {
        if (bodyLength < 20) {
            throw new CaptureFormatException(name, blockOffset, "corrupt packet block");
        }
        int id = u16(body);
        int captured = i32(body + 12);
        int original = i32(body + 16);
        checkPacket(id, captured, bodyLength - 20, blockOffset);
        long units = (i32(body + 4) & 0xFFFFFFFFL) << 32 | (i32(body + 8) & 0xFFFFFFFFL);
        frame.set(buf, body + 20, captured, Math.max(original, captured), toMicros(id, units), ifLinkType[id], id,
                blockOffset);
        return true;
    }

    private boolean simplePacket(int body, int bodyLength, long blockOffset, CapturedFrame frame)
            throws CaptureFormatException {
        if (bodyLength < 4 || interfaceCount == 0) {
            throw new CaptureFormatException(name, blockOffset, interfaceCount == 0
                    ? "simple packet block before any interface description" : "corrupt simple packet block");
        }
        int original = i32(body);
        int captured = Math.min(original, bodyLength - 4);
        if (ifSnapLen[0] > 0) {
            captured = Math.min(captured, ifSnapLen[0]);
        }
        if (captured < 0) {
            throw new CaptureFormatException(name, blockOffset, "corrupt simple packet block length");
        }
        // Simple packet blocks carry no timestamp.
        frame.set(buf, body + 4, captured, original, 0, ifLinkType[0], 0, blockOffset);
        return true;
    }

    private void checkPacket(int id, int captured, int room, long blockOffset) throws CaptureFormatException {
        if (id < 0 || id >= interfaceCount) {
            throw new CaptureFormatException(name, blockOffset, "packet block names interface " + id
                    + " but the section describes " + interfaceCount);
        }
        if (captured < 0 || captured > room) {
            throw new CaptureFormatException(name, blockOffset, "corrupt packet block: captured length "
                    + Integer.toUnsignedString(captured) + " exceeds the block's " + room + " bytes");
        }
    }

    private long toMicros(int id, long units) {
        int r = ifResolution[id];
        long us;
        if (ifBinary[id]) {
            long whole = units >>> r;
            long fraction = units & ((1L << r) - 1);
            // fraction × 10^6 must fit in 63 bits: drop low fraction bits beyond 2^-43 s first
            long fractionUs = r <= 43 ? (fraction * 1_000_000L) >>> r
                    : ((fraction >>> (r - 43)) * 1_000_000L) >>> 43;
            us = whole * 1_000_000L + fractionUs;
        } else if (r == 6) {
            us = units;
        } else if (r > 6) {
            us = units / POW10[r - 6];
        } else {
            us = units * POW10[6 - r];
        }
        return us + ifOffsetSec[id] * 1_000_000L;
    }

    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L
    };

    // ---------------------------------------------------------------- buffer

    private int i32(int at) {
        return bigEndian ? (int) BE32.get(buf, at) : (int) LE32.get(buf, at);
    }

    private int u16(int at) {
        return (bigEndian ? (short) BE16.get(buf, at) : (short) LE16.get(buf, at)) & 0xFFFF;
    }

    private long offsetOf(int bufferPosition) {
        return bufferFileOffset + bufferPosition;
    }

    /** Makes {@code n} bytes available at {@code pos}; false if the input ends first. */
    private boolean ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (n > buf.length) {
            byte[] bigger = new byte[Math.max(n, buf.length * 2)];
            System.arraycopy(buf, pos, bigger, 0, limit - pos);
            bufferFileOffset += pos;
            limit -= pos;
            pos = 0;
            buf = bigger;
            view = ByteBuffer.wrap(buf);
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            bufferFileOffset += pos;
            limit -= pos;
            pos = 0;
        }
        while (!eof && limit < n) {
            view.limit(buf.length).position(limit);
            int r = channel.read(view);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
        return limit - pos >= n;
    }
}
