package io.tapflow.packet.oracle;

import io.tapflow.packet.CaptureReplay;
import io.tapflow.packet.DecodeCounters;
import io.tapflow.packet.batch.BatcherConfig;
import io.tapflow.packet.batch.MalformedBatchException;
import io.tapflow.packet.batch.PacketCursor;
import io.tapflow.packet.decode.DecodeStatus;
import io.tapflow.packet.decode.DecodedPacket;
import io.tapflow.packet.decode.DecoderConfig;
import io.tapflow.packet.decode.PacketDecoder;
import io.tapflow.packet.pcap.CaptureFileReader;
import io.tapflow.packet.pcap.CapturedFrame;
import io.tapflow.schema.FlowKey;
import io.tapflow.schema.PacketBatch;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** The code under test, tallied the way {@link Tshark} tallies: per frame, and per batch. */
public final class OurDecode {
    /** Per-frame tally straight from the decoder (frame and IP bytes). */
    public final FlowTally frames = new FlowTally(true);
    /** Per-packet tally rebuilt from the PacketBatches the batcher emitted (IP bytes only). */
    public final FlowTally batches = new FlowTally(false);
    /** Per-frame tally without frame bytes, to compare with {@link #batches}. */
    public final FlowTally framesIpOnly = new FlowTally(false);
    public final Map<DecodeStatus, Long> statuses = new EnumMap<>(DecodeStatus.class);
    /** The Avro key of every flow, by tally key. */
    public final Map<String, FlowKey> keys = new HashMap<>();
    public DecodeCounters counters;

    private OurDecode() {}

    public static OurDecode run(Path capture, DecoderConfig config) throws IOException, MalformedBatchException {
        OurDecode r = new OurDecode();
        PacketDecoder decoder = new PacketDecoder(config);
        DecodedPacket p = new DecodedPacket();
        CapturedFrame f = new CapturedFrame();
        try (CaptureFileReader reader = CaptureFileReader.open(capture)) {
            while (reader.next(f)) {
                DecodeStatus s = decoder.decode(f.linkType(), f.buffer(), f.offset(), f.capturedLength(),
                        f.originalLength(), f.tsUs(), p);
                r.statuses.merge(s, 1L, Long::sum);
                if (s == DecodeStatus.OK) {
                    String src = DecodedPacket.formatAddress(p.ipVersion(), p.srcHi(), p.srcLo());
                    String dst = DecodedPacket.formatAddress(p.ipVersion(), p.dstHi(), p.dstLo());
                    r.frames.add(p.protocol(), src, p.srcPort(), dst, p.dstPort(), p.frameLength(), p.ipLength());
                    r.framesIpOnly.add(p.protocol(), src, p.srcPort(), dst, p.dstPort(), 0, p.ipLength());
                }
            }
        }
        PacketCursor cursor = new PacketCursor();
        java.util.List<PacketBatch> emitted = new java.util.ArrayList<>();
        CaptureReplay replay = new CaptureReplay(new PacketDecoder(config), null,
                BatcherConfig.builder().agentId("test").captureInterface(capture.toString()).build(),
                (key, batch) -> emitted.add(batch));
        try (CaptureFileReader reader = CaptureFileReader.open(capture)) {
            replay.run(reader);
        }
        r.counters = replay.counters();
        for (PacketBatch b : emitted) {
            FlowKey k = b.getKey();
            String src = ip(k.getIpSrc());
            String dst = ip(k.getIpDst());
            boolean icmp = k.getProtocol() == 1 || k.getProtocol() == 58;
            r.keys.put(FlowTally.key(k.getProtocol(), src, k.getPortSrc(), dst, k.getPortDst()), k);
            cursor.reset(b);
            while (cursor.next()) {
                if (icmp) {
                    r.batches.add(k.getProtocol(), cursor.direction() == 0 ? src : dst, 0,
                            cursor.direction() == 0 ? dst : src, k.getPortDst(), 0, cursor.ipLength());
                } else if (cursor.direction() == 0) {
                    r.batches.add(k.getProtocol(), src, k.getPortSrc(), dst, k.getPortDst(), 0, cursor.ipLength());
                } else {
                    r.batches.add(k.getProtocol(), dst, k.getPortDst(), src, k.getPortSrc(), 0, cursor.ipLength());
                }
            }
        }
        return r;
    }

    public long status(DecodeStatus s) {
        return statuses.getOrDefault(s, 0L);
    }

    public static String ip(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        try {
            return InetAddress.getByAddress(a).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
