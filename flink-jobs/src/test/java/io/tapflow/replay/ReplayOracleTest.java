package io.tapflow.replay;

import static io.tapflow.replay.FlowRecords.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapflow.flow.CloseType;
import io.tapflow.gen.CaptureGenerator;
import io.tapflow.gen.truth.FlowTruth;
import io.tapflow.gen.truth.GroundTruth;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tapflow replay} against two oracles on the capture generator's whole catalog (handshakes,
 * HTTP, DNS, retransmissions, zero windows, resets, closes, port reuse, a 150 s flow, every
 * encapsulation, IP options and extension headers, fragments, ICMP): the generator's ground truth,
 * and tshark on the same file. Counts are compared exactly; the only tolerance is none.
 */
class ReplayOracleTest {
    private static final long SEED = 42;

    @TempDir
    static Path dir;
    static GroundTruth truth;
    static Path capture;
    static ReplayRun run;
    static FlowRecords flows;

    @BeforeAll
    static void replayTheCatalog() throws Exception {
        capture = dir.resolve("all.pcap");
        truth = new CaptureGenerator().seed(SEED).writeTruthFile(false).generate("all", capture);
        run = ReplayRun.of(capture, dir.resolve("all.jsonl"));
        assertThat(run.exitStatus()).as(run.stderr()).isZero();
        flows = new FlowRecords(run.records());
    }

    private static List<JsonNode> flowOf(FlowTruth t) {
        List<List<JsonNode>> candidates = flows.flows(FlowRecords.tuple(t.clientIp, t.clientPort, t.serverIp, t.serverPort, t.protocol));
        for (List<JsonNode> flow : candidates) {
            if (flow.get(0).get("start_time").asLong() == t.startUs) {
                return flow;
            }
        }
        throw new AssertionError("no flow record for " + t.label + " starting at " + t.startUs + " (found " + candidates.size() + " with its 5-tuple)");
    }

    @Test
    void everyConversationMatchesTheGeneratorsGroundTruth() {
        SoftAssertions soft = new SoftAssertions();
        int compared = 0;
        for (FlowTruth t : truth.flows()) {
            if (t.expectedDrop != null) {
                continue;
            }
            compared++;
            List<JsonNode> f = flowOf(t);
            String l = t.label + ": ";
            soft.assertThat(sum(f, "packet_tx")).as(l + "packet_tx").isEqualTo(t.packetsC2s);
            soft.assertThat(sum(f, "packet_rx")).as(l + "packet_rx").isEqualTo(t.packetsS2c);
            soft.assertThat(sum(f, "byte_tx")).as(l + "byte_tx").isEqualTo(t.ipBytesC2s);
            soft.assertThat(sum(f, "byte_rx")).as(l + "byte_rx").isEqualTo(t.ipBytesS2c);
            soft.assertThat(sum(f, "l4_byte_tx")).as(l + "l4_byte_tx").isEqualTo(t.payloadBytesC2s);
            soft.assertThat(sum(f, "l4_byte_rx")).as(l + "l4_byte_rx").isEqualTo(t.payloadBytesS2c);
            soft.assertThat(f.get(0).get("rtt").asLong()).as(l + "rtt").isEqualTo(Math.max(0, t.rttUs));
            soft.assertThat(sum(f, "rtt_client_sum")).as(l + "rtt_client").isEqualTo(Math.max(0, t.rttClientUs));
            soft.assertThat(sum(f, "rtt_server_sum")).as(l + "rtt_server").isEqualTo(Math.max(0, t.rttServerUs));
            soft.assertThat(sum(f, "srt_count")).as(l + "srt_count").isEqualTo(t.srtUs.size());
            soft.assertThat(sum(f, "srt_sum")).as(l + "srt_sum").isEqualTo(t.srtUs.stream().mapToLong(Long::longValue).sum());
            soft.assertThat(sum(f, "art_count")).as(l + "art_count").isEqualTo(t.artUs.size());
            if (t.fragments == 0) {
                // A fragmented UDP request's art runs from its LAST fragment (as TCP's from the last
                // request segment, part-3 §3.2); the generator measures from the first. Counts agree.
                soft.assertThat(sum(f, "art_sum")).as(l + "art_sum").isEqualTo(t.artUs.stream().mapToLong(Long::longValue).sum());
            }
            soft.assertThat(sum(f, "retrans_tx")).as(l + "retrans_tx").isEqualTo(t.retransC2s);
            soft.assertThat(sum(f, "retrans_rx")).as(l + "retrans_rx").isEqualTo(t.retransS2c);
            soft.assertThat(sum(f, "zero_win_tx")).as(l + "zero_win_tx").isEqualTo(t.zeroWindowC2s);
            soft.assertThat(sum(f, "zero_win_rx")).as(l + "zero_win_rx").isEqualTo(t.zeroWindowS2c);
            int expectedClose = t.protocol == 6 ? t.closeType : CloseType.TIMEOUT;
            soft.assertThat(f.get(f.size() - 1).get("close_type").asInt()).as(l + "close_type").isEqualTo(expectedClose);
            soft.assertThat(f.get(0).get("tunnel_type").asInt()).as(l + "tunnel_type").isEqualTo(t.tunnelType);
            soft.assertThat(f.get(0).get("tunnel_tier").asInt()).as(l + "tunnel_tier").isEqualTo(t.tunnelDepth);
            soft.assertThat(f.get(0).get("vlan").asInt()).as(l + "vlan").isEqualTo(t.vlan);
        }
        soft.assertAll();
        assertThat(compared).isGreaterThan(60);
    }

    /**
     * Every HTTP and DNS exchange the generator wrote comes out as one L7 record of its flow, in
     * order, with its request (method and path, or query type and name), status (HTTP status, DNS
     * rcode) and latency (first request packet to first response packet) exactly; an unanswered
     * request is a timeout (response_status 2) without a status.
     */
    @Test
    void applicationExchangesMatchTheGroundTruth() {
        Map<Long, List<JsonNode>> l7ByFlow = new HashMap<>();
        run.records().stream().filter(r -> r.get("log_type").asText().equals("l7"))
                .forEach(r -> l7ByFlow.computeIfAbsent(r.get("flow_id").asLong(), k -> new java.util.ArrayList<>()).add(r));
        SoftAssertions soft = new SoftAssertions();
        int exchanges = 0;
        for (FlowTruth t : truth.flows()) {
            if (t.expectedDrop != null || t.l7.isEmpty()) {
                continue;
            }
            List<JsonNode> got = new java.util.ArrayList<>(l7ByFlow.getOrDefault(flowOf(t).get(0).get("flow_id").asLong(), List.of()));
            got.sort(java.util.Comparator.comparingLong(r -> r.get("start_time").asLong()));
            soft.assertThat(got).as(t.label + ": L7 records").hasSameSizeAs(t.l7);
            for (int i = 0; i < Math.min(got.size(), t.l7.size()); i++) {
                JsonNode r = got.get(i);
                io.tapflow.gen.truth.L7Truth e = t.l7.get(i);
                boolean dns = r.get("l7_protocol").asInt() == 120;
                String request = dns ? (r.get("query_type").asInt() == 28 ? "AAAA " : "A ") + r.get("domain_name").asText()
                        : r.get("method").asText() + " " + r.get("path").asText();
                String l = t.label + " #" + i + ": ";
                soft.assertThat(request).as(l + "request").isEqualTo(e.request);
                if (e.status < 0) {
                    soft.assertThat(r.get("response_status").asInt()).as(l + "unanswered = timeout").isEqualTo(2);
                } else {
                    soft.assertThat(r.get(dns ? "answer_code" : "status_code").asInt()).as(l + "status").isEqualTo(e.status);
                    soft.assertThat(r.get("duration").asLong()).as(l + "latency").isEqualTo(e.rrtUs);
                }
                exchanges++;
            }
        }
        soft.assertAll();
        assertThat(exchanges).isGreaterThan(150);
    }

    @Test
    void everyCloseTypeOfTheCatalogIsReachedByItsDedicatedConversation() {
        Map<String, Integer> expected = Map.ofEntries(
                Map.entry("fin-client", CloseType.TCP_FIN), Map.entry("rst-server", CloseType.TCP_SERVER_RST),
                Map.entry("idle-timeout", CloseType.TIMEOUT), Map.entry("syn-unanswered", CloseType.CLIENT_SYN_REPEAT),
                Map.entry("half-close-server", CloseType.SERVER_HALF_CLOSE), Map.entry("rst-client", CloseType.TCP_CLIENT_RST),
                Map.entry("synack-repeat", CloseType.SERVER_SYN_ACK_REPEAT),
                Map.entry("half-close-client", CloseType.CLIENT_HALF_CLOSE),
                Map.entry("port-reuse-first", CloseType.CLIENT_SOURCE_PORT_REUSE), Map.entry("rst-syn", CloseType.SERVER_RESET),
                Map.entry("rst-client-setup", CloseType.CLIENT_ESTABLISH_OTHER_RST),
                Map.entry("rst-server-setup", CloseType.SERVER_ESTABLISH_OTHER_RST));
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            List<JsonNode> f = flowOf(truth.flow(e.getKey()));
            assertThat(f.get(f.size() - 1).get("close_type").asInt()).as(e.getKey()).isEqualTo(e.getValue());
        }
        List<JsonNode> longFlow = flowOf(truth.flow("long-flow"));
        assertThat(longFlow).as("150 s flow: forced reports at each minute, then its FIN").hasSizeGreaterThanOrEqualTo(3);
        for (int i = 0; i < longFlow.size() - 1; i++) {
            assertThat(longFlow.get(i).get("close_type").asInt()).isEqualTo(CloseType.FORCED_REPORT);
            assertThat(longFlow.get(i + 1).get("start_time").asLong()).isEqualTo(longFlow.get(i).get("end_time").asLong());
        }
    }

    /**
     * tshark as an independent decoder: per-conversation packets and IP bytes per direction,
     * retransmissions and zero windows, attributing every TCP/UDP packet to its innermost 5-tuple.
     * Left out, with the reason: fragmented datagrams (tshark puts the ports only on the
     * reassembling fragment), ICMP/ARP (no ports), the agent's own VXLAN traffic (dropped on purpose).
     */
    @Test
    void perFlowCountsEqualTsharks() throws Exception {
        assumeThat(onPath("tshark")).as("tshark is installed by ./tapflow test").isTrue();
        Map<String, long[]> shark = tsharkCounts(capture);
        SoftAssertions soft = new SoftAssertions();
        int compared = 0;
        for (FlowTruth t : truth.flows()) {
            if (t.expectedDrop != null || t.fragments > 0 || (t.protocol != 6 && t.protocol != 17)) {
                continue;
            }
            String tuple = FlowRecords.tuple(t.clientIp, t.clientPort, t.serverIp, t.serverPort, t.protocol);
            List<List<JsonNode>> ours = flows.flows(tuple);
            long[] c2s = shark.getOrDefault(tuple, new long[4]);
            long[] s2c = shark.getOrDefault(FlowRecords.tuple(t.serverIp, t.serverPort, t.clientIp, t.clientPort, t.protocol), new long[4]);
            String l = t.label + " (" + tuple + "): ";
            // tshark's conversation spans every flow of the 5-tuple (port reuse makes two)
            soft.assertThat(ours.stream().mapToLong(f -> sum(f, "packet_tx")).sum()).as(l + "packets c2s").isEqualTo(c2s[0]);
            soft.assertThat(ours.stream().mapToLong(f -> sum(f, "packet_rx")).sum()).as(l + "packets s2c").isEqualTo(s2c[0]);
            soft.assertThat(ours.stream().mapToLong(f -> sum(f, "byte_tx")).sum()).as(l + "IP bytes c2s").isEqualTo(c2s[1]);
            soft.assertThat(ours.stream().mapToLong(f -> sum(f, "byte_rx")).sum()).as(l + "IP bytes s2c").isEqualTo(s2c[1]);
            // same definitions here: a SYN or data segment resent with the same seq (and length)
            soft.assertThat(ours.stream().mapToLong(f -> sum(f, "retrans_tx")).sum()).as(l + "retrans c2s").isEqualTo(c2s[2]);
            soft.assertThat(ours.stream().mapToLong(f -> sum(f, "retrans_rx")).sum()).as(l + "retrans s2c").isEqualTo(s2c[2]);
            soft.assertThat(ours.stream().mapToLong(f -> sum(f, "zero_win_tx")).sum()).as(l + "zero window c2s").isEqualTo(c2s[3]);
            soft.assertThat(ours.stream().mapToLong(f -> sum(f, "zero_win_rx")).sum()).as(l + "zero window s2c").isEqualTo(s2c[3]);
            compared++;
        }
        soft.assertAll();
        assertThat(compared).isGreaterThan(45);
    }

    @Test
    void theSameCaptureGivesTheSameBytesEveryTimeAndPcapngEqualsPcap() throws Exception {
        ReplayRun again = ReplayRun.of(capture, dir.resolve("again.jsonl"));
        assertThat(again.output()).isEqualTo(run.output());
        Path ng = dir.resolve("all.pcapng");
        new CaptureGenerator().seed(SEED).writeTruthFile(false).generate("all", ng);
        ReplayRun fromNg = ReplayRun.of(ng, dir.resolve("ng.jsonl"));
        assertThat(fromNg.records()).hasSameSizeAs(run.records());
        for (int i = 0; i < run.records().size(); i++) {
            JsonNode a = run.records().get(i).deepCopy();
            JsonNode b = fromNg.records().get(i).deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) a).remove("tap_port_name");
            ((com.fasterxml.jackson.databind.node.ObjectNode) b).remove("tap_port_name");
            assertThat(b).isEqualTo(a);
        }
    }

    @Test
    void aDamagedCaptureEndsWithOneLineNamingTheOffsetAndKeepsThePacketsBeforeIt() throws Exception {
        byte[] whole = Files.readAllBytes(capture);
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        ReplayRun damaged = ReplayRun.of(cut, dir.resolve("cut.jsonl"));
        assertThat(damaged.exitStatus()).isEqualTo(3);
        assertThat(damaged.stderr()).containsPattern("cut\\.pcap: damaged capture at byte offset \\d+");
        assertThat(damaged.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(damaged.records()).isNotEmpty();
        long packets = damaged.records().stream().filter(r -> r.get("log_type").asText().equals("l4"))
                .mapToLong(r -> r.get("packet_tx").asLong() + r.get("packet_rx").asLong()).sum();
        assertThat(packets).isGreaterThan(300).isLessThan(1035);

        ReplayRun missing = ReplayRun.of(dir.resolve("no-such.pcap"), dir.resolve("none.jsonl"));
        assertThat(missing.exitStatus()).isEqualTo(2);
        assertThat(missing.stderr()).contains("no-such.pcap: no such readable file");
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Per directed 5-tuple: packets, innermost IP bytes, retransmissions, zero windows. */
    private static Map<String, long[]> tsharkCounts(Path pcap) throws Exception {
        Process p = new ProcessBuilder("tshark", "-r", pcap.toString(), "-T", "fields", "-E", "separator=|",
                "-e", "ip.src", "-e", "ip.dst", "-e", "ip.len", "-e", "ipv6.src", "-e", "ipv6.dst", "-e", "ipv6.plen",
                "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "udp.srcport", "-e", "udp.dstport",
                "-e", "tcp.analysis.retransmission", "-e", "tcp.analysis.zero_window", "-e", "frame.protocols")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, long[]> counts = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\\|", -1);
                boolean tcp = !f[6].isEmpty();
                boolean udp = !f[8].isEmpty();
                if (!tcp && !udp) {
                    continue;
                }
                // the innermost IP header is the last one tshark lists; its family is the later of the two in frame.protocols
                String protocols = f[12];
                boolean innerV6 = protocols.lastIndexOf(":ipv6") > protocols.lastIndexOf(":ip:");
                String src = last(innerV6 ? f[3] : f[0]);
                String dst = last(innerV6 ? f[4] : f[1]);
                long ipBytes = innerV6 ? Long.parseLong(last(f[5])) + 40 : Long.parseLong(last(f[2]));
                int sport = Integer.parseInt(last(tcp ? f[6] : f[8]));
                int dport = Integer.parseInt(last(tcp ? f[7] : f[9]));
                long[] c = counts.computeIfAbsent(FlowRecords.tuple(src, sport, dst, dport, tcp ? 6 : 17), k -> new long[4]);
                c[0]++;
                c[1] += ipBytes;
                c[2] += f[10].isEmpty() ? 0 : 1;
                c[3] += f[11].isEmpty() ? 0 : 1;
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return counts;
    }

    private static String last(String commaList) {
        int i = commaList.lastIndexOf(',');
        return i < 0 ? commaList : commaList.substring(i + 1);
    }
}
