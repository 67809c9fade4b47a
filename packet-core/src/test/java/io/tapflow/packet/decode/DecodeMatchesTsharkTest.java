package io.tapflow.packet.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.gen.CaptureGenerator;
import io.tapflow.gen.net.LinkLayer;
import io.tapflow.gen.truth.FlowTruth;
import io.tapflow.gen.truth.GroundTruth;
import io.tapflow.packet.oracle.FlowTally;
import io.tapflow.packet.oracle.OurDecode;
import io.tapflow.packet.oracle.Tshark;
import io.tapflow.schema.FlowKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Per-flow packets and bytes per direction, decoded by packet-core, equal tshark's on the same
 * generated capture — for every link type and file format, and flow by flow for every
 * encapsulation. The generator's ground truth is checked too (counts and tunnel context).
 */
class DecodeMatchesTsharkTest {
    @TempDir
    static Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"ETHERNET, pcap", "ETHERNET, pcapng", "ETHERNET, pcap-ns", "LINUX_SLL, pcap", "LINUX_SLL2, pcapng",
        "RAW, pcap"})
    void everyFlowOfEveryScenarioMatchesTshark(LinkLayer link, String format) throws Exception {
        Tshark.assumeInstalled();
        Path file = dir.resolve("all-" + link + "-" + format + ".cap");
        GroundTruth truth = new CaptureGenerator().seed(11).link(link).format(format).generate("all", file);
        Tshark.Result tshark = Tshark.dissect(file);
        OurDecode ours = OurDecode.run(file, DecoderConfig.defaults());

        // flows the agent must not report: the product's own VXLAN, orphan fragments, ARP
        long ownVxlanFrames = 0;
        for (FlowTruth f : truth.flows()) {
            if ("own_vxlan".equals(f.expectedDrop)) {
                String key = FlowTally.key(f.protocol, f.clientIp, f.clientPort, f.serverIp, f.serverPort);
                ownVxlanFrames += tshark.framesByFlow.getOrDefault(key, 0L);
                tshark.flows.remove(key);
            }
        }
        assertThat(ownVxlanFrames).isPositive();
        assertThat(ours.status(DecodeStatus.OWN_VXLAN)).isEqualTo(ownVxlanFrames);
        assertThat(ours.status(DecodeStatus.FRAGMENT_ORPHAN)).isEqualTo(tshark.orphanFragments).isPositive();
        assertThat(ours.status(DecodeStatus.NON_IP)).isEqualTo(tshark.arpFrames + tshark.otherNonIpFrames)
                .isEqualTo(truth.nonIpFrames);
        assertThat(ours.status(DecodeStatus.OK) + ours.status(DecodeStatus.OWN_VXLAN)
                + ours.status(DecodeStatus.FRAGMENT_ORPHAN) + ours.status(DecodeStatus.NON_IP))
                .as("no other drop reason").isEqualTo(tshark.frames).isEqualTo(truth.frames);

        assertThat(ours.frames.flows()).isEqualTo(tshark.flows.flows());
        assertThat(ours.batches.flows()).as("batches carry every decoded packet").isEqualTo(ours.framesIpOnly.flows());
        assertThat(ours.counters.framesRead()).isEqualTo(truth.frames);

        // the generator's truth, summed per 5-tuple (a reused client port makes two conversations one tuple)
        java.util.Map<String, long[]> truthByKey = new java.util.HashMap<>();
        for (FlowTruth f : truth.flows()) {
            if (f.expectedDrop != null) {
                continue;
            }
            String key = FlowTally.key(f.protocol, f.clientIp, f.clientPort, f.serverIp, f.serverPort);
            boolean clientLow = key.startsWith(f.protocol + " | " + normalise(f.clientIp)
                    + (f.protocol == 1 || f.protocol == 58 ? " " : " " + f.clientPort + " "));
            long[] t = truthByKey.computeIfAbsent(key, k -> new long[7]);
            t[6] = clientLow ? 0 : 1;
            t[0] += f.packetsC2s;
            t[1] += f.packetsS2c;
            t[2] += f.ipBytesC2s;
            t[3] += f.ipBytesS2c;
            t[4] += f.frameBytesC2s;
            t[5] += f.frameBytesS2c;
            FlowKey k = ours.keys.get(key);
            assertThat(k).as(f.label).isNotNull();
            assertThat(k.getTunnelType()).as(f.label + " tunnel type").isEqualTo(f.tunnelType);
            assertThat(k.getTunnelId()).as(f.label + " tunnel id").isEqualTo(f.tunnelId);
            assertThat(k.getTunnelDepth()).as(f.label + " tunnel depth").isEqualTo(f.tunnelDepth);
            assertThat(k.getVlan()).as(f.label + " vlan").isEqualTo(f.vlan);
        }
        for (java.util.Map.Entry<String, long[]> e : truthByKey.entrySet()) {
            String key = e.getKey();
            long[] t = e.getValue();
            boolean reversed = t[6] == 1;
            FlowTally.Counts c = ours.frames.flows().get(key);
            assertThat(c).as(key).isNotNull();
            long[] fromClient = reversed ? new long[] {c.packetsFromHigh, c.ipBytesFromHigh, c.frameBytesFromHigh}
                    : new long[] {c.packetsFromLow, c.ipBytesFromLow, c.frameBytesFromLow};
            long[] fromServer = reversed ? new long[] {c.packetsFromLow, c.ipBytesFromLow, c.frameBytesFromLow}
                    : new long[] {c.packetsFromHigh, c.ipBytesFromHigh, c.frameBytesFromHigh};
            assertThat(fromClient).as(key + " client to server: packets, IP bytes, frame bytes")
                    .containsExactly(t[0], t[2], t[4]);
            assertThat(fromServer).as(key + " server to client: packets, IP bytes, frame bytes")
                    .containsExactly(t[1], t[3], t[5]);
        }
    }

    /** One dynamic test per encapsulation, so a failure names the encapsulation. */
    @TestFactory
    Stream<DynamicTest> eachEncapsulationMatchesTshark() throws Exception {
        if (!Tshark.installed()) {
            return Stream.of(DynamicTest.dynamicTest("tshark missing", Tshark::assumeInstalled));
        }
        Path file = dir.resolve("encap.pcap");
        GroundTruth truth = new CaptureGenerator().seed(5).generate("encap", file);
        Tshark.Result tshark = Tshark.dissect(file);
        OurDecode ours = OurDecode.run(file, DecoderConfig.defaults());
        List<DynamicTest> tests = new ArrayList<>();
        for (FlowTruth f : truth.flows()) {
            String key = FlowTally.key(f.protocol, f.clientIp, f.clientPort, f.serverIp, f.serverPort);
            tests.add(DynamicTest.dynamicTest(f.label + " (" + f.encapsulation + ")", () -> {
                if (f.expectedDrop != null) {
                    assertThat(ours.frames.flows()).doesNotContainKey(key);
                    assertThat(ours.status(DecodeStatus.OWN_VXLAN)).isEqualTo(f.packets());
                    return;
                }
                assertThat(ours.frames.flows().get(key)).isNotNull().isEqualTo(tshark.flows.flows().get(key));
                FlowKey k = ours.keys.get(key);
                assertThat(k.getTunnelType()).isEqualTo(f.tunnelType);
                assertThat(k.getTunnelId()).isEqualTo(f.tunnelId);
                if (f.tunnelType != 0) {
                    // the flow's first packet goes client → server: its outer addresses are the client side's
                    assertThat(OurDecode.ip(k.getTunnelIpSrc())).isEqualTo(f.tunnelClientSideIp);
                    assertThat(OurDecode.ip(k.getTunnelIpDst())).isEqualTo(f.tunnelServerSideIp);
                } else {
                    assertThat(k.getTunnelIpSrc().remaining()).isZero();
                }
                assertThat(k.getTunnelDepth()).isEqualTo(f.tunnelDepth);
                assertThat(k.getVlan()).isEqualTo(f.vlan);
            }));
        }
        return tests.stream();
    }

    @Test
    void vxlanOnAConfiguredPortIsDecapsulatedOnlyWhenConfigured() throws Exception {
        Tshark.assumeInstalled();
        Path file = dir.resolve("vxlan-8472.pcap");
        GroundTruth truth = new CaptureGenerator().seed(3).generate("vxlan-8472", file);
        FlowTruth inner = truth.flow("vxlan-8472");
        String innerKey = FlowTally.key(6, inner.clientIp, inner.clientPort, inner.serverIp, inner.serverPort);

        OurDecode plain = OurDecode.run(file, DecoderConfig.defaults());
        assertThat(plain.frames.flows()).isEqualTo(Tshark.dissect(file).flows.flows()).doesNotContainKey(innerKey);

        OurDecode configured = OurDecode.run(file, DecoderConfig.builder().vxlanPorts(4789, 8472).build());
        Tshark.Result tshark = Tshark.dissect(file, "-d", "udp.port==8472,vxlan");
        assertThat(configured.frames.flows()).isEqualTo(tshark.flows.flows()).containsKey(innerKey);
        assertThat(configured.keys.get(innerKey).getTunnelId()).isEqualTo(42);
    }

    private static String normalise(String ip) throws Exception {
        return java.net.InetAddress.getByName(ip).getHostAddress();
    }
}
