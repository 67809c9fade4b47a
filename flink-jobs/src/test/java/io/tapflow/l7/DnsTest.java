package io.tapflow.l7;

import static io.tapflow.l7.L7Flow.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.L7FlowLog;
import org.junit.jupiter.api.Test;

class DnsTest {
    @Test
    void udpQueryAndAnswer() {
        L7Flow f = L7Flow.udp()
                .client(1_000, Dns.query(0x1234, "www.example.com", Dns.A))
                .server(4_200, Dns.response(0x1234, "www.example.com", Dns.A, 0, "cname:edge.example.net", "93.184.216.34", "93.184.216.35"))
                .end(40_000_000);
        assertThat(f.records).hasSize(1);
        L7FlowLog r = f.record(0);
        assertThat(r.getL7Protocol()).isEqualTo(120);
        assertThat(r.getType()).isEqualTo(2);
        assertThat(r.getDnsId()).isEqualTo(0x1234);
        assertThat(r.getDomainName()).isEqualTo("www.example.com");
        assertThat(r.getQueryType()).isEqualTo(1);
        assertThat(r.getAnswerCode()).isZero();
        assertThat(r.getAnswerAddr()).isEqualTo("93.184.216.34,93.184.216.35");
        assertThat(r.getDuration()).isEqualTo(3_200);
        assertThat(r.getVersion()).isEmpty();
        assertThat(r.getResponseStatus()).isZero();
        assertThat(f.counters.rrtSum).isEqualTo(3_200);
    }

    @Test
    void aaaaAnswersAndConcurrentQueriesPairById() {
        L7Flow f = L7Flow.udp()
                .client(1_000, Dns.query(1, "v6.example", Dns.A))
                .client(1_010, Dns.query(2, "v6.example", Dns.AAAA))
                .server(2_000, Dns.response(2, "v6.example", Dns.AAAA, 0, "2001:db8::1", "2001:db8:0:1:0:0:0:2", "::1"))
                .server(3_000, Dns.response(1, "v6.example", Dns.A, 0, "192.0.2.1"))
                .end(9_000);
        assertThat(f.records).extracting(L7FlowLog::getDnsId).containsExactly(2, 1);
        assertThat(f.record(0).getAnswerAddr()).isEqualTo("2001:db8::1,2001:db8:0:1::2,::1");
        assertThat(f.record(0).getQueryType()).isEqualTo(28);
        assertThat(f.record(0).getDuration()).isEqualTo(990);
        assertThat(f.record(1).getDuration()).isEqualTo(2_000);
    }

    @Test
    void rcodesMakeClientAndServerErrors() {
        L7Flow f = L7Flow.udp()
                .client(1_000, Dns.query(10, "nope.example", Dns.A)).server(2_000, Dns.response(10, "nope.example", Dns.A, 3))
                .client(3_000, Dns.query(11, "bad.example", Dns.A)).server(4_000, Dns.response(11, "bad.example", Dns.A, 2))
                .client(5_000, Dns.query(12, "no.example", Dns.MX)).server(6_000, Dns.response(12, "no.example", Dns.MX, 5))
                .client(7_000, Dns.query(13, "fmt.example", Dns.TXT)).server(8_000, Dns.response(13, "fmt.example", Dns.TXT, 1))
                .end(9_000);
        assertThat(f.records).extracting(L7FlowLog::getAnswerCode).containsExactly(3, 2, 5, 1);
        assertThat(f.records).extracting(L7FlowLog::getResponseStatus).containsExactly(4, 3, 3, 4);
        assertThat(f.counters.clientError).isEqualTo(2);
        assertThat(f.counters.serverError).isEqualTo(2);
    }

    @Test
    void tcpTwoQueriesInOneSegmentAndAnswersInAnother() {
        byte[] queries = Dns.tcp(Dns.query(100, "a.example", Dns.A), Dns.query(101, "b.example", Dns.AAAA));
        byte[] answers = Dns.tcp(Dns.response(101, "b.example", Dns.AAAA, 0, "2001:db8::b"),
                Dns.response(100, "a.example", Dns.A, 0, "192.0.2.10"));
        L7Flow f = L7Flow.tcp().handshake(0).client(1_000, queries).server(5_000, answers).end(9_000);
        assertThat(f.records).extracting(L7FlowLog::getDomainName).containsExactly("b.example", "a.example");
        assertThat(f.records).extracting(L7FlowLog::getAnswerAddr).containsExactly("2001:db8::b", "192.0.2.10");
        assertThat(f.records).extracting(L7FlowLog::getDuration).containsExactly(4_000L, 4_000L);
        assertThat(f.session.protocol).isEqualTo(L7Protocol.DNS);
        assertThat(f.engine.anomalies().total()).isZero();
    }

    @Test
    void tcpMessagesSplitAcrossSegments() {
        byte[] answers = Dns.tcp(Dns.response(7, "split.example", Dns.A, 0, "198.51.100.1", "198.51.100.2"),
                Dns.response(8, "split.example", Dns.A, 3));
        L7Flow f = L7Flow.tcp().handshake(0)
                .client(1_000, Dns.tcp(Dns.query(7, "split.example", Dns.A), Dns.query(8, "split.example", Dns.A)))
                .mss(5).server(2_000, answers).end(9_000);
        assertThat(f.records).extracting(L7FlowLog::getDnsId).containsExactly(7, 8);
        assertThat(f.record(0).getAnswerAddr()).isEqualTo("198.51.100.1,198.51.100.2");
        assertThat(f.record(1).getResponseStatus()).isEqualTo(4);
        assertThat(f.engine.anomalies().total()).isZero();
    }

    @Test
    void aQueryThatNeverGetsAnAnswerTimesOut() {
        L7Flow f = L7Flow.udp().client(1_000, Dns.query(55, "silent.example", Dns.A)).end(5_001_000);
        assertThat(f.records).hasSize(1);
        assertThat(f.record(0).getType()).isEqualTo(0);
        assertThat(f.record(0).getResponseStatus()).isEqualTo(2);
        assertThat(f.record(0).getDomainName()).isEqualTo("silent.example");
        assertThat(f.counters.timeout).isEqualTo(1);
    }

    @Test
    void theDnsCapIs150Seconds() {
        L7Flow f = L7Flow.udp().client(0, Dns.query(9, "slow.example", Dns.A))
                .server(151_000_000, Dns.response(9, "slow.example", Dns.A, 0, "192.0.2.9")).end(160_000_000);
        assertThat(f.record(0).getDuration()).isEqualTo(150_000_000);
        assertThat(f.counters.rrtCount).isZero();
    }

    @Test
    void compressionLoopsAreCountedAndTheMessageStillPairs() {
        byte[] response = Dns.response(77, "loop.example", Dns.A, 0, "192.0.2.77");
        // the answer's name pointer (0xC00C at offset 30) now points at itself
        response[30] = (byte) 0xC0;
        response[31] = 30;
        byte[] query = Dns.query(78, "q.example", Dns.A);
        byte[] loopingQuestion = query.clone();
        loopingQuestion[12] = (byte) 0xC0; // the question name is a pointer to itself
        loopingQuestion[13] = 12;
        L7Flow f = L7Flow.udp()
                .client(1_000, Dns.query(77, "loop.example", Dns.A)).server(2_000, response)
                .client(3_000, query).client(3_500, loopingQuestion).end(9_000);
        assertThat(f.records.get(0).getDomainName()).isEqualTo("loop.example");
        assertThat(f.records.get(0).getAnswerAddr()).isEmpty();
        assertThat(f.anomaly(L7Anomaly.DNS_COMPRESSION_LOOP)).isEqualTo(2);
        assertThat(f.anomaly(L7Anomaly.PARSER_FAILURE)).isZero();
    }

    @Test
    void badTcpLengthsResync() {
        byte[] bad = {0, 3, 1, 2, 3};
        L7Flow f = L7Flow.tcp().handshake(0)
                .client(1_000, Dns.tcp(Dns.query(1, "ok.example", Dns.A)))
                .client(2_000, bad)
                .client(3_000, Dns.tcp(Dns.query(2, "again.example", Dns.A)))
                .server(4_000, Dns.tcp(Dns.response(1, "ok.example", Dns.A, 0), Dns.response(2, "again.example", Dns.A, 0)))
                .end(9_000);
        assertThat(f.anomaly(L7Anomaly.DNS_BAD_LENGTH)).isEqualTo(1);
        assertThat(f.records).extracting(L7FlowLog::getType).containsExactly(2, 2);
    }

    @Test
    void junkOnPort53IsNotDns() {
        L7Flow f = L7Flow.udp();
        for (int i = 0; i < 6; i++) {
            f.client(i * 1000L, concat(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, new byte[i]));
        }
        f.end(9_000);
        assertThat(f.session.protocol).isEqualTo(L7Protocol.OTHER);
        assertThat(f.records).isEmpty();
        assertThat(f.anomaly(L7Anomaly.UNRECOGNISED_FLOW)).isEqualTo(1);
    }

    @Test
    void obfuscationDropsTheAnswers() {
        L7Flow f = new L7Flow(new L7Engine(L7Config.builder().obfuscate(L7Protocol.DNS).build()), 17)
                .client(1_000, Dns.query(5, "private.example", Dns.A))
                .server(2_000, Dns.response(5, "private.example", Dns.A, 0, "10.1.2.3")).end(3_000);
        assertThat(f.record(0).getAnswerAddr()).isEmpty();
        assertThat(f.record(0).getDomainName()).isEqualTo("private.example");
    }
}
