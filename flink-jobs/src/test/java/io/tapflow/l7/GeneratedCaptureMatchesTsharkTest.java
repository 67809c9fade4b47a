package io.tapflow.l7;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.gen.CaptureGenerator;
import io.tapflow.gen.truth.FlowTruth;
import io.tapflow.gen.truth.GroundTruth;
import io.tapflow.gen.truth.L7Truth;
import io.tapflow.schema.L7FlowLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture generator's HTTP and DNS scenarios (keep-alive, pipelining, a 64 KiB response, POST
 * bodies, A/AAAA over IPv4 and IPv6, NXDOMAIN, SERVFAIL, an unanswered and repeated query, DNS over
 * TCP) through packet-core and the L7 engine, against tshark on the same file.
 */
class GeneratedCaptureMatchesTsharkTest {
    private static final long SEED = 6;

    @TempDir
    Path dir;

    @Test
    void httpScenario() throws Exception {
        Tshark.assumeInstalled();
        Path capture = dir.resolve("http.pcap");
        GroundTruth truth = new CaptureGenerator().seed(SEED).writeTruthFile(false).generate("http", capture);
        CaptureL7 ours = CaptureL7.run(capture, L7Config.defaults(), 256);
        List<String> opts = List.of("-o", "http.desegment_body:FALSE", "-d", "tcp.port==8080,http");
        List<String> theirRequests = new ArrayList<>();
        for (String[] row : Tshark.fields(capture, "http.request", opts, "ip.src", "ipv6.src", "tcp.srcport",
                "http.request.method", "http.host", "http.request.uri")) {
            String[] methods = row[3].split("\\|");
            for (int i = 0; i < methods.length; i++) {
                theirRequests.add(endpoint(row[0], row[1], row[2]) + " " + methods[i] + " " + row[4].split("\\|")[i] + " "
                        + row[5].split("\\|")[i].split("\\?")[0]);
            }
        }
        List<String> theirCodes = new ArrayList<>();
        List<String> theirTimes = new ArrayList<>();
        java.util.Set<String> pipelined = new java.util.HashSet<>();
        for (String[] row : Tshark.fields(capture, "http.response", opts, "ip.dst", "ipv6.dst", "tcp.dstport",
                "http.response.code", "http.time")) {
            String client = endpoint(row[0], row[1], row[2]);
            String[] codes = row[3].split("\\|");
            for (int i = 0; i < codes.length; i++) {
                theirCodes.add(client + " " + codes[i]);
            }
            if (row[4].isEmpty()) {
                pipelined.add(client);
            } else {
                theirTimes.add(client + " " + codes[0] + " " + Tshark.micros(row[4].split("\\|")[0]));
            }
        }
        // tshark does not follow pipelining: it pairs the first response with the last request sent and
        // leaves the next ones unpaired (no http.time); on such connections the generator's truth is the oracle
        theirTimes.removeIf(t -> pipelined.contains(t.split(" ")[0]));
        List<String> ourRequests = new ArrayList<>();
        List<String> ourCodes = new ArrayList<>();
        List<String> ourTimes = new ArrayList<>();
        List<String> ourExchanges = new ArrayList<>();
        for (L7FlowLog r : ours.records) {
            String client = ours.endpoints.get(r.getFlowId()).split(" ")[0];
            ourRequests.add(client + " " + r.getMethod() + " " + r.getHost() + " " + r.getPath());
            if (r.getType() == 2) {
                ourCodes.add(client + " " + r.getStatusCode());
                ourTimes.add(client + " " + r.getStatusCode() + " " + r.getDuration());
            }
            ourExchanges.add(r.getMethod() + " " + r.getPath() + " " + (r.getType() == 2 ? r.getStatusCode() : -1) + " "
                    + (r.getType() == 2 ? r.getDuration() : -1) + " " + r.getRequestId());
        }
        List<String> truthExchanges = new ArrayList<>();
        for (FlowTruth f : truth.flows()) {
            for (L7Truth e : f.l7) {
                truthExchanges.add(e.request + " " + e.status + " " + e.rrtUs + " " + e.requestId);
            }
        }
        assertThat(theirRequests).hasSizeGreaterThanOrEqualTo(10);
        assertThat(ourRequests).containsExactlyInAnyOrderElementsOf(theirRequests);
        assertThat(ourCodes).containsExactlyInAnyOrderElementsOf(theirCodes);
        assertThat(ourTimes).containsAll(theirTimes);
        assertThat(pipelined).containsExactly("10.1.0.21:40001");
        // the generator's own record of what it wrote covers the pipelined times tshark leaves out
        assertThat(ourExchanges).containsExactlyInAnyOrderElementsOf(truthExchanges);
        assertThat(ours.engine.anomalies().get(L7Anomaly.PARSER_FAILURE)).isZero();
    }

    @Test
    void dnsScenario() throws Exception {
        Tshark.assumeInstalled();
        Path capture = dir.resolve("dns.pcap");
        new CaptureGenerator().seed(SEED).writeTruthFile(false).generate("dns", capture);
        CaptureL7 ours = CaptureL7.run(capture, L7Config.defaults(), 256);
        List<String> theirQueries = new ArrayList<>();
        List<String> theirAnswers = new ArrayList<>();
        for (String[] row : Tshark.fields(capture, "dns", List.of(), "dns.flags.response", "dns.id", "dns.qry.name",
                "dns.qry.type", "dns.flags.rcode", "dns.time")) {
            String[] response = row[0].split("\\|");
            int r = 0;
            for (int i = 0; i < response.length; i++) {
                String key = Integer.decode(row[1].split("\\|")[i]) + " " + row[2].split("\\|")[i] + " " + row[3].split("\\|")[i];
                if (response[i].equals("0")) {
                    theirQueries.add(key);
                } else {
                    theirAnswers.add(key + " " + row[4].split("\\|")[i] + " " + Tshark.micros(row[5].split("\\|")[r++]));
                }
            }
        }
        List<String> ourQueries = new ArrayList<>();
        List<String> ourAnswers = new ArrayList<>();
        for (L7FlowLog r : ours.records) {
            String key = r.getDnsId() + " " + r.getDomainName() + " " + r.getQueryType();
            ourQueries.add(key);
            if (r.getType() == 2) {
                ourAnswers.add(key + " " + r.getAnswerCode() + " " + r.getDuration());
            }
        }
        assertThat(theirQueries).hasSizeGreaterThanOrEqualTo(6);
        assertThat(ourQueries).containsExactlyInAnyOrderElementsOf(theirQueries);
        assertThat(ourAnswers).containsExactlyInAnyOrderElementsOf(theirAnswers);
        assertThat(ours.engine.anomalies().get(L7Anomaly.PARSER_FAILURE)).isZero();
    }

    @Test
    void everyExchangeOfTheWholeCatalogueMatchesTheGeneratorsTruth() throws Exception {
        // every scenario in one capture: tunnels, VLANs, IPv6, fragments, retransmissions, resets, port reuse
        Path capture = dir.resolve("all.pcap");
        GroundTruth truth = new CaptureGenerator().seed(SEED).writeTruthFile(false).generate("all", capture);
        CaptureL7 ours = CaptureL7.run(capture, L7Config.defaults(), 256);
        List<String> expected = new ArrayList<>();
        for (FlowTruth f : truth.flows()) {
            if (f.expectedDrop != null) {
                continue; // the agent makes no flow of it
            }
            for (L7Truth e : f.l7) {
                expected.add(e.protocol + " " + e.request + " " + e.status + " " + e.rrtUs);
            }
        }
        List<String> actual = new ArrayList<>();
        for (L7FlowLog r : ours.records) {
            boolean answered = r.getType() == 2;
            if (r.getL7Protocol() == L7Protocol.DNS) {
                String type = r.getQueryType() == 1 ? "A" : r.getQueryType() == 28 ? "AAAA" : "TYPE" + r.getQueryType();
                actual.add("dns " + type + " " + r.getDomainName() + " " + (answered ? r.getAnswerCode() : -1) + " "
                        + (answered ? r.getDuration() : -1));
            } else {
                actual.add("http " + r.getMethod() + " " + r.getPath() + " " + (answered ? r.getStatusCode() : -1) + " "
                        + (answered ? r.getDuration() : -1));
            }
        }
        assertThat(expected).hasSizeGreaterThan(100);
        // the truth lists the exchanges its L7 scenarios define; other scenarios carry HTTP too
        List<String> missing = new ArrayList<>();
        List<String> left = new ArrayList<>(actual);
        for (String e : expected) {
            if (!left.remove(e)) {
                missing.add(e);
            }
        }
        assertThat(missing).as("exchanges of the truth not found (each counted once)").isEmpty();
        assertThat(ours.engine.anomalies().get(L7Anomaly.PARSER_FAILURE)).isZero();
        assertThat(ours.engine.anomalies().get(L7Anomaly.LOST_SEGMENTS)).isZero();
    }

    private static String endpoint(String v4, String v6, String port) {
        return (v4.isEmpty() ? v6 : v4) + ":" + port;
    }
}
