package io.tapflow.packet.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.gen.CaptureGenerator;
import io.tapflow.gen.net.LinkLayer;
import io.tapflow.packet.batch.BatcherConfig;
import io.tapflow.packet.batch.FlowBatcher;
import io.tapflow.packet.pcap.CaptureFileReader;
import io.tapflow.packet.pcap.CapturedFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whatever the bytes, the decoder answers with a status and never throws: frames of every scenario
 * with random bytes changed and random lengths cut are decoded (and the OK ones batched).
 */
class MutatedFrameTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(LinkLayer.class)
    void corruptFramesNeverThrow(LinkLayer link) throws Exception {
        Path file = dir.resolve("all-" + link + ".pcap");
        new CaptureGenerator().seed(17).link(link).writeTruthFile(false).generate("all", file);
        List<byte[]> frames = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        int linkType = 0;
        CapturedFrame f = new CapturedFrame();
        try (CaptureFileReader r = CaptureFileReader.open(file)) {
            while (r.next(f)) {
                frames.add(java.util.Arrays.copyOfRange(f.buffer(), f.offset(), f.offset() + f.capturedLength()));
                times.add(f.tsUs());
                linkType = f.linkType();
            }
        }
        SplittableRandom random = new SplittableRandom(link.ordinal());
        PacketDecoder decoder = new PacketDecoder(DecoderConfig.builder().vxlanPorts(4789, 8472).build());
        DecodedPacket p = new DecodedPacket();
        FlowBatcher batcher = new FlowBatcher(BatcherConfig.builder().agentId("fuzz").build(), (k, b) -> { });
        Map<DecodeStatus, Integer> statuses = new EnumMap<>(DecodeStatus.class);
        for (int round = 0; round < 60; round++) {
            for (int i = 0; i < frames.size(); i++) {
                byte[] frame = frames.get(i).clone();
                int changes = 1 + random.nextInt(4);
                for (int c = 0; c < changes; c++) {
                    frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
                }
                int length = random.nextInt(4) == 0 ? random.nextInt(frame.length + 1) : frame.length;
                DecodeStatus s = decoder.decode(linkType, frame, 0, length, frame.length,
                        times.get(i) + round * 1_000_000_000L, p);
                statuses.merge(s, 1, Integer::sum);
                if (s == DecodeStatus.OK) {
                    assertThat(p.payloadLength()).isGreaterThanOrEqualTo(0);
                    assertThat(p.payloadCaptured()).isBetween(0, Math.max(0, length));
                    batcher.offer(p);
                }
            }
        }
        batcher.flushAll();
        assertThat(statuses.get(DecodeStatus.OK)).isPositive();
        assertThat(statuses.size()).as("several drop reasons were hit: " + statuses).isGreaterThan(4);
    }
}
