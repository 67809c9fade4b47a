package io.tapflow.gen;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.gen.net.LinkLayer;
import io.tapflow.gen.truth.FlowTruth;
import io.tapflow.gen.truth.GroundTruth;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureGeneratorTest {
    @TempDir
    Path dir;

    /** Frame count of a little-endian pcap, checking that timestamps never go backwards. */
    private static long framesInOrder(Path pcap) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(24);
        long frames = 0;
        long last = Long.MIN_VALUE;
        while (b.remaining() >= 16) {
            long ts = (b.getInt() & 0xFFFFFFFFL) * 1_000_000 + (b.getInt() & 0xFFFFFFFFL);
            int captured = b.getInt();
            int original = b.getInt();
            assertThat(original).isGreaterThanOrEqualTo(captured);
            assertThat(ts).isGreaterThanOrEqualTo(last);
            last = ts;
            b.position(b.position() + captured);
            frames++;
        }
        assertThat(b.remaining()).isZero();
        return frames;
    }

    @Test
    void theSameSeedWritesTheSameBytes() throws Exception {
        Path a = dir.resolve("a.pcap");
        Path b = dir.resolve("b.pcap");
        Path c = dir.resolve("c.pcap");
        new CaptureGenerator().seed(42).generate("all", a);
        new CaptureGenerator().seed(42).generate("all", b);
        new CaptureGenerator().seed(43).generate("all", c);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(c));
        assertThat(Files.readString(CaptureGenerator.truthFileFor(a))).isEqualTo(Files.readString(CaptureGenerator.truthFileFor(b)));
    }

    @Test
    void truthAddsUpAndLatenciesAreWhatTheScriptChose() throws Exception {
        Path file = dir.resolve("all.pcap");
        GroundTruth truth = new CaptureGenerator().seed(1).generate("all", file);
        assertThat(framesInOrder(file)).isEqualTo(truth.frames);
        assertThat(truth.flows().stream().mapToLong(FlowTruth::packets).sum()).isEqualTo(truth.frames);
        assertThat(truth.flows().stream().mapToLong(f -> f.frameBytesC2s + f.frameBytesS2c).sum()).isEqualTo(truth.frameBytes);

        FlowTruth h0 = truth.flow("handshake-0");
        assertThat(h0.rttClientUs).isEqualTo(200);
        assertThat(h0.rttServerUs).isEqualTo(5_000);
        assertThat(h0.rttUs).isEqualTo(5_200);
        assertThat(h0.closeType).isEqualTo(1);

        FlowTruth ka = truth.flow("http-keepalive");
        assertThat(ka.l7).hasSize(5);
        assertThat(ka.l7.get(3).status).isEqualTo(500);
        // art = server-side round trip (2 ms) + the chosen server delay
        assertThat(ka.artUs).containsExactly(3_000L, 27_000L, 4_000L, 152_000L, 9_000L);
        assertThat(ka.srtUs).containsExactly(2_200L, 2_500L);

        FlowTruth syn = truth.flow("syn-repeat-then-ok");
        assertThat(syn.synRepeats).isEqualTo(2);
        assertThat(syn.rttServerUs).isEqualTo(1_200);
        assertThat(syn.rttUs).isEqualTo(3_000_000 + 1_200 + 300);

        assertThat(truth.flow("zero-window-server").zeroWindowS2c).isEqualTo(1);
        assertThat(truth.flow("zero-window-client").zeroWindowC2s).isEqualTo(1);
        assertThat(truth.flow("rst-syn").closeType).isEqualTo(15);
        assertThat(truth.flow("rst-syn").zeroWindowS2c).as("a RST is not a zero window").isZero();
        assertThat(truth.flow("encap-nested-vxlan").tunnelDepth).isEqualTo(2);
        assertThat(truth.flow("encap-nested-vxlan").tunnelId).isEqualTo(5002);
        assertThat(truth.flow("encap-qinq").vlan).isEqualTo(100);
        assertThat(truth.flow("dns-nxdomain").l7.get(0).status).isEqualTo(3);
        assertThat(truth.flow("dns-timeout").l7).allSatisfy(e -> assertThat(e.rrtUs).isEqualTo(-1));
        assertThat(truth.flow("long-flow").endUs - truth.flow("long-flow").startUs).isGreaterThan(120_000_000L);
        assertThat(truth.flow("frag-udp-v4").fragments).isEqualTo(6);
    }

    @Test
    void theMixStreamsAnySizeWithoutKeepingFlows() throws Exception {
        Path file = dir.resolve("mix.pcap");
        Path lines = dir.resolve("mix-flows.jsonl");
        GroundTruth truth = new CaptureGenerator().seed(5).packets(50_000).snapLength(128).flowTruthLines(lines)
                .generate("mix", file);
        assertThat(truth.frames).isBetween(50_000L, 52_000L);
        assertThat(truth.flows()).isEmpty();
        assertThat(truth.conversations).isGreaterThan(1_000);
        assertThat(Files.readAllLines(lines)).hasSize((int) truth.conversations);
        assertThat(framesInOrder(file)).isEqualTo(truth.frames);
        assertThat(Files.size(file)).isLessThan(truth.frameBytes);
    }

    @Test
    void everyLinkTypeAndFormatIsWritten() throws Exception {
        for (LinkLayer link : LinkLayer.values()) {
            for (String format : new String[] {"pcap", "pcap-ns", "pcapng"}) {
                Path file = dir.resolve(link + "." + format);
                GroundTruth truth = new CaptureGenerator().link(link).format(format).generate("icmp", file);
                assertThat(truth.linkType).isEqualTo(link.linkType());
                assertThat(Files.size(file)).isGreaterThan(truth.frameBytes);
            }
        }
    }

    @Test
    void theCommandLineWritesAFileAndItsTruth() throws Exception {
        Path file = dir.resolve("cli.pcapng");
        assertThat(GenerateCapture.run(new String[] {"dns", file.toString(), "--seed", "3", "--link", "sll2"})).isZero();
        assertThat(Files.readString(CaptureGenerator.truthFileFor(file))).contains("\"scenario\":\"dns\"", "\"link_type\":276");
        assertThat(GenerateCapture.parseCount("10M")).isEqualTo(10_000_000);
    }
}
