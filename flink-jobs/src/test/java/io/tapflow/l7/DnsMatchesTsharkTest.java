package io.tapflow.l7;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.L7FlowLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS against tshark on a capture this test writes: names, types, rcodes, answers and
 * {@code dns.time} over UDP, and over TCP with two queries in one segment and both answers in
 * another; a query that is never answered.
 */
class DnsMatchesTsharkTest {
    @TempDir
    static Path dir;
    static Path capture;
    static final byte[] CLIENT = PcapWriter.ip("10.0.1.1");
    static final byte[] RESOLVER = PcapWriter.ip("10.0.1.53");

    @BeforeAll
    static void write() throws Exception {
        capture = dir.resolve("dns.pcap");
        long t = 1_700_000_100_000_000L;
        try (PcapWriter w = new PcapWriter(capture)) {
            // two queries in flight on one socket, answered out of order (packets in capture-time order)
            w.udp(t, CLIENT, 50001, RESOLVER, 53, Dns.query(0x1001, "www.example.com", Dns.A));
            w.udp(t + 100, CLIENT, 50001, RESOLVER, 53, Dns.query(0x1002, "v6.example", Dns.AAAA));
            w.udp(t + 900, RESOLVER, 53, CLIENT, 50001, Dns.response(0x1002, "v6.example", Dns.AAAA, 0, "2001:db8::53"));
            w.udp(t + 1_200, RESOLVER, 53, CLIENT, 50001,
                    Dns.response(0x1001, "www.example.com", Dns.A, 0, "cname:edge.example.net", "93.184.216.34", "93.184.216.35"));
            udp(w, t + 10_000, 50002, Dns.query(0x1003, "nx.example", Dns.A), 3_000,
                    Dns.response(0x1003, "nx.example", Dns.A, 3));
            udp(w, t + 20_000, 50003, Dns.query(0x1004, "srv.example", Dns.MX), 45_000,
                    Dns.response(0x1004, "srv.example", Dns.MX, 2));
            udp(w, t + 30_000, 50004, Dns.query(0x1005, "lost.example", Dns.A), 0, null);
            PcapWriter.Tcp tcp = new PcapWriter.Tcp(w, "10.0.1.1", 50005, "10.0.1.53", 53).open(t + 40_000);
            tcp.client(t + 41_000, Dns.tcp(Dns.query(0x2001, "a.example", Dns.A), Dns.query(0x2002, "b.example", Dns.AAAA)));
            tcp.server(t + 43_500, Dns.tcp(Dns.response(0x2002, "b.example", Dns.AAAA, 0, "2001:db8::b"),
                    Dns.response(0x2001, "a.example", Dns.A, 0, "192.0.2.1")));
            tcp.close(t + 50_000);
        }
    }

    private static void udp(PcapWriter w, long t, int port, byte[] query, long delay, byte[] response) throws Exception {
        w.udp(t, CLIENT, port, RESOLVER, 53, query);
        if (response != null) {
            w.udp(t + delay, RESOLVER, 53, CLIENT, port, response);
        }
    }

    @Test
    void queriesAnswersAndTimesMatchTshark() throws Exception {
        Tshark.assumeInstalled();
        CaptureL7 ours = CaptureL7.run(capture, L7Config.defaults(), 256);
        List<String> theirQueries = new ArrayList<>();
        List<String> theirAnswers = new ArrayList<>();
        for (String[] row : Tshark.fields(capture, "dns", List.of(), "dns.flags.response", "dns.id", "dns.qry.name",
                "dns.qry.type", "dns.flags.rcode", "dns.time", "dns.a", "dns.aaaa", "udp.srcport")) {
            String[] response = row[0].split("\\|");
            String[] ids = row[1].split("\\|");
            String[] names = row[2].split("\\|");
            String[] types = row[3].split("\\|");
            String[] rcodes = row[4].split("\\|");
            String[] times = row[5].split("\\|");
            int r = 0;
            for (int i = 0; i < ids.length; i++) {
                String key = Integer.decode(ids[i]) + " " + names[i] + " " + types[i];
                if (response[i].equals("0")) {
                    theirQueries.add(key);
                    continue;
                }
                String answers = row[8].isEmpty() ? "tcp" : String.join(",", nonEmpty(row[6], row[7]));
                theirAnswers.add(key + " rcode=" + rcodes[i] + " rrt=" + Tshark.micros(times[r++]) + " " + answers);
            }
        }
        List<String> ourQueries = new ArrayList<>();
        List<String> ourAnswers = new ArrayList<>();
        for (L7FlowLog rec : ours.records) {
            String key = rec.getDnsId() + " " + rec.getDomainName() + " " + rec.getQueryType();
            ourQueries.add(key);
            if (rec.getType() == 2) {
                boolean tcp = ours.endpoints.get(rec.getFlowId()).contains(":50005 ");
                ourAnswers.add(key + " rcode=" + rec.getAnswerCode() + " rrt=" + rec.getDuration() + " "
                        + (tcp ? "tcp" : rec.getAnswerAddr()));
            }
        }
        assertThat(ourQueries).containsExactlyInAnyOrderElementsOf(theirQueries).hasSize(7);
        assertThat(ourAnswers).containsExactlyInAnyOrderElementsOf(theirAnswers).hasSize(6);
        assertThat(ours.records).filteredOn(r -> r.getType() == 0).extracting(L7FlowLog::getDomainName)
                .containsExactly("lost.example");
        assertThat(ours.records).filteredOn(r -> r.getDomainName().equals("a.example")).extracting(L7FlowLog::getAnswerAddr)
                .containsExactly("192.0.2.1");
        assertThat(ours.counters.clientError).isEqualTo(1);
        assertThat(ours.counters.serverError).isEqualTo(1);
        assertThat(ours.counters.timeout).isEqualTo(1);
        assertThat(ours.engine.anomalies().total()).as(ours.engine.anomalies().toString()).isZero();
    }

    private static List<String> nonEmpty(String a, String aaaa) {
        List<String> out = new ArrayList<>();
        for (String s : (a + "|" + aaaa).split("\\|")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
