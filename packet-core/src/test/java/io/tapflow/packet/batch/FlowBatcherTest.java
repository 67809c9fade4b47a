package io.tapflow.packet.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.gen.CaptureGenerator;
import io.tapflow.gen.truth.GroundTruth;
import io.tapflow.packet.CaptureReplay;
import io.tapflow.packet.decode.DecodeStatus;
import io.tapflow.packet.decode.DecodedPacket;
import io.tapflow.packet.decode.PacketDecoder;
import io.tapflow.packet.flowkey.FlowKeys;
import io.tapflow.packet.pcap.CaptureFileReader;
import io.tapflow.packet.pcap.CapturedFrame;
import io.tapflow.schema.PacketBatch;
import io.tapflow.schema.TcpSynOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowBatcherTest {
    @TempDir
    static Path dir;
    static Path all;
    static GroundTruth truth;

    @BeforeAll
    static void generate() throws Exception {
        all = dir.resolve("all.pcap");
        truth = new CaptureGenerator().seed(21).generate("all", all);
    }

    private record Emitted(byte[] key, PacketBatch batch) {}

    private static List<Emitted> replay(BatcherConfig config, CaptureReplay[] out) throws Exception {
        List<Emitted> emitted = new ArrayList<>();
        CaptureReplay replay = new CaptureReplay(new PacketDecoder(), null, config, (k, b) -> emitted.add(new Emitted(k, b)));
        try (CaptureFileReader reader = CaptureFileReader.open(all)) {
            replay.run(reader);
        }
        if (out != null) {
            out[0] = replay;
        }
        return emitted;
    }

    private static BatcherConfig.Builder config() {
        return BatcherConfig.builder().agentId("test-agent").captureInterface("all.pcap");
    }

    @Test
    void batchesAreBoundedInPacketsAndNumberedPerFlow() throws Exception {
        CaptureReplay[] r = new CaptureReplay[1];
        List<Emitted> emitted = replay(config().maxPacketsPerBatch(3).build(), r);
        Map<String, Long> nextSeq = new HashMap<>();
        Map<String, Long> lastTs = new HashMap<>();
        long packets = 0;
        PacketCursor cursor = new PacketCursor();
        for (Emitted e : emitted) {
            assertThat(e.batch.getPacketCount()).isBetween(1, 3);
            assertThat(e.batch.getAgentId()).isEqualTo("test-agent");
            assertThat(e.batch.getTapType()).isEqualTo(3);
            String flow = new String(java.util.Base64.getEncoder().encode(e.key));
            assertThat(e.batch.getBatchSeq()).isEqualTo(nextSeq.getOrDefault(flow, 0L));
            nextSeq.put(flow, e.batch.getBatchSeq() + 1);
            cursor.reset(e.batch);
            while (cursor.next()) {
                assertThat(cursor.timestampUs()).isGreaterThanOrEqualTo(lastTs.getOrDefault(flow, 0L));
                lastTs.put(flow, cursor.timestampUs());
                packets++;
            }
        }
        assertThat(packets).isEqualTo(r[0].counters().packetsDecoded());
        assertThat(r[0].counters().batches()).isEqualTo(emitted.size());
    }

    @Test
    void aBatchNeverSpansMoreThanTheFlushInterval() throws Exception {
        long interval = 10_000;
        List<Emitted> emitted = replay(config().flushIntervalUs(interval).build(), null);
        PacketCursor cursor = new PacketCursor();
        for (Emitted e : emitted) {
            cursor.reset(e.batch);
            long last = 0;
            while (cursor.next()) {
                last = cursor.timestampUs();
            }
            assertThat(last - e.batch.getBaseTsUs()).isLessThanOrEqualTo(interval);
        }
        // the 150-request long flow alone needs a batch per request at a 10 ms interval
        assertThat(emitted.size()).isGreaterThan(150);
    }

    @Test
    void idleFlowsExpireAndAFullTableEvictsTheLeastRecentlySeen() throws Exception {
        CaptureReplay[] r = new CaptureReplay[1];
        replay(config().idleTimeoutUs(5_000_000).build(), r);
        FlowBatcher b = r[0].batcher();
        assertThat(b.flowsExpired()).isPositive();
        assertThat(b.flowsCreated()).isEqualTo(b.flowsExpired() + b.flowsEvicted() + b.activeFlows());

        CaptureReplay[] small = new CaptureReplay[1];
        List<Emitted> emitted = replay(config().maxFlows(2).build(), small);
        FlowBatcher s = small[0].batcher();
        assertThat(s.flowsEvicted()).isPositive();
        assertThat(s.activeFlows()).isLessThanOrEqualTo(2);
        assertThat(emitted.stream().mapToLong(e -> e.batch.getPacketCount()).sum())
                .as("eviction flushes, it never loses packets").isEqualTo(small[0].counters().packetsDecoded());
    }

    @Test
    void closedConnectionsAreForgottenSoonOpenOnesAfterTheIdleTimeout() throws Exception {
        Path close = dir.resolve("close.pcap");
        GroundTruth t = new CaptureGenerator().seed(3).writeTruthFile(false).generate("close", close);
        CaptureReplay replay = new CaptureReplay(new PacketDecoder(), null, config().build(), (k, b) -> { });
        try (CaptureFileReader reader = CaptureFileReader.open(close)) {
            replay.run(reader);
        }
        FlowBatcher b = replay.batcher();
        // the keep-alive flow lasts 20 s: the two flows closed by FINs at its start are gone already
        assertThat(b.flowsExpired()).isEqualTo(2);
        assertThat(b.activeFlows()).isEqualTo(4);
        b.advanceTime(t.lastUs + 6_000_000);
        // FIN both ways (fin-client, fin-server, keepalive) are gone; half closes and the idle flow stay
        assertThat(b.activeFlows()).isEqualTo(3);
        b.advanceTime(t.lastUs + 200_000_000);
        assertThat(b.activeFlows()).isEqualTo(3);
        b.advanceTime(t.lastUs + 601_000_000);
        assertThat(b.activeFlows()).isZero();
        assertThat(b.flowsExpired()).isEqualTo(6);
    }

    @Test
    void directionIsRelativeToTheFirstPacketAndSynOptionsAreKept() throws Exception {
        List<Emitted> emitted = replay(config().build(), null);
        PacketCursor cursor = new PacketCursor();
        int handshakes = 0;
        for (Emitted e : emitted) {
            if (e.batch.getKey().getProtocol() != 6 || e.batch.getBatchSeq() != 0) {
                continue;
            }
            cursor.reset(e.batch);
            cursor.next();
            assertThat(cursor.direction()).isZero();
            if (cursor.tcpFlags() != 0x02) {
                continue; // flows that do not start with a SYN
            }
            TcpSynOptions syn = cursor.synOptions();
            assertThat(syn).isNotNull();
            assertThat(syn.getMss()).isEqualTo(1460);
            assertThat(syn.getWindowScale()).isEqualTo(7);
            assertThat(syn.getSackPermitted()).isTrue();
            assertThat(syn.getTimestamps()).isTrue();
            while (cursor.next()) {
                if ((cursor.tcpFlags() & 0x12) == 0x12) {
                    assertThat(cursor.direction()).as("SYN-ACK comes from the key's destination").isOne();
                    assertThat(cursor.synOptions()).isNotNull();
                    handshakes++;
                    break;
                }
            }
        }
        assertThat(handshakes).isGreaterThan(30);
    }

    @Test
    void payloadPrefixesAreTheStartOfThePayloadAndCanBeDisabled() throws Exception {
        List<Emitted> emitted = replay(config().payloadPrefixBytes(16).build(), null);
        PacketCursor cursor = new PacketCursor();
        int gets = 0;
        for (Emitted e : emitted) {
            cursor.reset(e.batch);
            while (cursor.next()) {
                ByteBuffer p = cursor.payload();
                // (UDP is left out: a later IP fragment carries payload but no prefix, it starts no message)
                if (cursor.payloadLength() > 0 && e.batch.getKey().getProtocol() == 6) {
                    assertThat(p).as("a payload packet carries its prefix").isNotNull();
                }
                if (p != null) {
                    assertThat(p.remaining()).isEqualTo(Math.min(16, cursor.payloadLength()));
                    byte[] b = new byte[p.remaining()];
                    p.duplicate().get(b);
                    if (new String(b, StandardCharsets.US_ASCII).startsWith("GET /")) {
                        gets++;
                    }
                }
            }
        }
        assertThat(gets).isGreaterThan(150);
        for (Emitted e : replay(config().payloadPrefixBytes(0).build(), null)) {
            assertThat(e.batch.getPayloads()).isEmpty();
        }
    }

    @Test
    void theKafkaKeyAndHashAreTheSameForBothDirections() throws Exception {
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket p = new DecodedPacket();
        CapturedFrame f = new CapturedFrame();
        Map<String, Set<Boolean>> directionsPerKey = new HashMap<>();
        Map<String, Long> hashPerKey = new HashMap<>();
        try (CaptureFileReader reader = CaptureFileReader.open(all)) {
            while (reader.next(f)) {
                if (decoder.decode(f.linkType(), f.buffer(), f.offset(), f.capturedLength(), f.tsUs(), p) != DecodeStatus.OK) {
                    continue;
                }
                String key = java.util.HexFormat.of().formatHex(FlowKeys.symmetricKeyBytes(p));
                directionsPerKey.computeIfAbsent(key, k -> new HashSet<>()).add(FlowKeys.isReversed(p));
                Long previous = hashPerKey.put(key, FlowKeys.symmetricHash(p));
                if (previous != null) {
                    assertThat(FlowKeys.symmetricHash(p)).isEqualTo(previous);
                }
            }
        }
        long bothWays = directionsPerKey.values().stream().filter(s -> s.size() == 2).count();
        assertThat(bothWays).as("conversations seen in both directions under one key").isGreaterThan(50);
        assertThat(new HashSet<>(hashPerKey.values())).hasSize(hashPerKey.size());
    }
}
