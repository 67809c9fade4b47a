package io.tapflow.packet.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.gen.CaptureGenerator;
import io.tapflow.gen.net.LinkLayer;
import io.tapflow.packet.decode.DecodeStatus;
import io.tapflow.packet.decode.DecodedPacket;
import io.tapflow.packet.decode.LinkType;
import io.tapflow.packet.decode.PacketDecoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcapng features the generator does not write: several sections of either byte order, several
 * interfaces with their own link type and timestamp resolution (decimal and binary) and offset,
 * simple and obsolete packet blocks, unknown blocks to skip.
 */
class PcapngReaderTest {
    @TempDir
    Path dir;

    private static byte[] firstFrame(Path pcap) throws Exception {
        CapturedFrame f = new CapturedFrame();
        try (CaptureFileReader r = CaptureFileReader.open(pcap)) {
            assertThat(r.next(f)).isTrue();
            return java.util.Arrays.copyOfRange(f.buffer(), f.offset(), f.offset() + f.capturedLength());
        }
    }

    /** Builds blocks in one byte order. */
    private static final class Blocks {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteOrder order;

        Blocks(ByteOrder order) {
            this.order = order;
        }

        void block(int type, byte[] body) {
            int padded = (body.length + 3) & ~3;
            ByteBuffer b = ByteBuffer.allocate(12 + padded).order(order);
            b.putInt(type).putInt(12 + padded).put(body).position(8 + padded);
            b.putInt(12 + padded);
            out.writeBytes(b.array());
        }

        void section() {
            block(0x0A0D0D0A, ByteBuffer.allocate(16).order(order).putInt(0x1A2B3C4D).putShort((short) 1)
                    .putShort((short) 0).putLong(-1).array());
        }

        void iface(int linkType, int tsresol, long offsetSeconds) {
            ByteBuffer b = ByteBuffer.allocate(8 + 8 + 12 + 4).order(order);
            b.putShort((short) linkType).putShort((short) 0).putInt(0);
            b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
            b.putShort((short) 14).putShort((short) 8).putLong(offsetSeconds);
            b.putShort((short) 0).putShort((short) 0);
            block(1, b.array());
        }

        void enhanced(int iface, long units, byte[] frame) {
            int padded = (frame.length + 3) & ~3;
            ByteBuffer b = ByteBuffer.allocate(20 + padded).order(order);
            b.putInt(iface).putInt((int) (units >>> 32)).putInt((int) units).putInt(frame.length).putInt(frame.length)
                    .put(frame);
            block(6, b.array());
        }

        void simple(byte[] frame) {
            ByteBuffer b = ByteBuffer.allocate(4 + ((frame.length + 3) & ~3)).order(order);
            b.putInt(frame.length).put(frame);
            block(3, b.array());
        }

        void obsolete(int iface, long units, byte[] frame) {
            int padded = (frame.length + 3) & ~3;
            ByteBuffer b = ByteBuffer.allocate(20 + padded).order(order);
            b.putShort((short) iface).putShort((short) 0).putInt((int) (units >>> 32)).putInt((int) units)
                    .putInt(frame.length).putInt(frame.length).put(frame);
            block(2, b.array());
        }
    }

    @Test
    void sectionsInterfacesResolutionsAndBlockKinds() throws Exception {
        Path eth = dir.resolve("eth.pcap");
        Path raw = dir.resolve("raw.pcap");
        new CaptureGenerator().writeTruthFile(false).generate("icmp", eth);
        new CaptureGenerator().link(LinkLayer.RAW).writeTruthFile(false).generate("icmp", raw);
        byte[] ethFrame = firstFrame(eth);
        byte[] rawFrame = firstFrame(raw);

        Blocks be = new Blocks(ByteOrder.BIG_ENDIAN);
        be.section();
        be.iface(LinkType.ETHERNET, 9, 0);            // nanoseconds
        be.iface(LinkType.RAW, 0x80 | 10, 100);       // 2^-10 s, offset 100 s
        be.enhanced(0, 1_700_000_000_123_456_789L, ethFrame);
        be.block(0x0BAD, new byte[] {1, 2, 3});       // unknown block: skipped
        be.enhanced(1, (1_700_000_000L << 10) | 512, rawFrame);
        be.simple(ethFrame);                          // simple packet block: interface 0, no time
        be.obsolete(1, 1_700_000_001L << 10, rawFrame);
        Blocks le = new Blocks(ByteOrder.LITTLE_ENDIAN);
        le.section();                                 // a new section forgets the interfaces
        le.iface(LinkType.RAW, 6, 0);
        le.enhanced(0, 1_700_000_002_000_001L, rawFrame);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(be.out.toByteArray());
        file.writeBytes(le.out.toByteArray());

        List<long[]> seen = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket p = new DecodedPacket();
        CapturedFrame f = new CapturedFrame();
        try (CaptureFileReader r = CaptureFileReader.open(new ByteArrayInputStream(file.toByteArray()), "mem")) {
            assertThat(r.format()).isEqualTo(CaptureFileReader.Format.PCAPNG);
            while (r.next(f)) {
                assertThat(decoder.decode(f.linkType(), f.buffer(), f.offset(), f.capturedLength(), f.tsUs(), p))
                        .isEqualTo(DecodeStatus.OK);
                assertThat(p.protocol()).isEqualTo(1);
                seen.add(new long[] {f.linkType(), f.tsUs(), f.interfaceId()});
            }
        }
        assertThat(seen).hasSize(5);
        assertThat(seen.get(0)).containsExactly(LinkType.ETHERNET, 1_700_000_000_123_456L, 0);
        assertThat(seen.get(1)).containsExactly(LinkType.RAW, (1_700_000_000L + 100) * 1_000_000 + 500_000, 1);
        assertThat(seen.get(2)).containsExactly(LinkType.ETHERNET, 0, 0);
        assertThat(seen.get(3)).containsExactly(LinkType.RAW, (1_700_000_001L + 100) * 1_000_000, 1);
        assertThat(seen.get(4)).containsExactly(LinkType.RAW, 1_700_000_002_000_001L, 0);
    }
}
