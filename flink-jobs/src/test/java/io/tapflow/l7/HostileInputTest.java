package io.tapflow.l7;

import static io.tapflow.l7.H2.END_HEADERS;
import static io.tapflow.l7.H2.END_STREAM;
import static io.tapflow.l7.H2.HEADERS;
import static io.tapflow.l7.H2.frame;
import static io.tapflow.l7.L7Flow.ascii;
import static io.tapflow.l7.L7Flow.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Malformed and hostile payloads: the engine must neither throw nor need its exception guard
 * ({@link L7Anomaly#PARSER_FAILURE} stays 0), and what it cannot use is counted.
 */
class HostileInputTest {
    private static final int ROUNDS = 3000;

    /** Conversations as alternating client / server payloads, one list per protocol. */
    private static List<byte[][]> seeds() {
        List<byte[][]> seeds = new ArrayList<>();
        seeds.add(new byte[][] {
            ascii("GET /a HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 1.2.3.4\r\n\r\nPOST /b HTTP/1.1\r\nHost: h\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
            ascii("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "2\r\nok\r\n0\r\n\r\n")});
        H2.Encoder c = new H2.Encoder();
        H2.Encoder s = new H2.Encoder();
        seeds.add(new byte[][] {
            concat(H2.preface(), H2.settings(1, 4096), frame(HEADERS, END_HEADERS, 1, c.block(":method", "POST",
                    ":path", "/svc/M", ":authority", "x", "content-type", "application/grpc")), H2.grpcData(1, END_STREAM, 9),
                    frame(HEADERS, END_HEADERS | END_STREAM, 3, c.block(":method", "GET", ":path", "/y"))),
            concat(H2.settings(), frame(HEADERS, END_HEADERS, 1, s.block(":status", "200", "content-type", "application/grpc")),
                    H2.grpcData(1, 0, 4), frame(HEADERS, END_HEADERS | END_STREAM, 1, s.block("grpc-status", "0")),
                    frame(HEADERS, END_HEADERS | END_STREAM, 3, s.block(":status", "404")))});
        seeds.add(new byte[][] {
            Dns.tcp(Dns.query(1, "a.example", Dns.A), Dns.query(2, "b.example", Dns.AAAA)),
            Dns.tcp(Dns.response(1, "a.example", Dns.A, 0, "192.0.2.1"), Dns.response(2, "b.example", Dns.AAAA, 0, "2001:db8::2"))});
        return seeds;
    }

    @Test
    void mutatedConversationsNeverBreakTheParsers() {
        Random random = new Random(20240611);
        L7Engine engine = new L7Engine(L7Config.defaults());
        List<byte[][]> seeds = seeds();
        long records = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[][] seed = seeds.get(round % seeds.size());
            L7Flow f = new L7Flow(engine, 6).prefix(random.nextInt(300)).mss(1 + random.nextInt(200));
            if (random.nextBoolean()) {
                f.handshake(0);
            }
            for (int i = 0; i < seed.length; i++) {
                byte[] payload = mutate(seed[i], random);
                if (random.nextInt(8) == 0) {
                    f.lose(i % 2 == 0, 1 + random.nextInt(40));
                }
                f.send(i % 2 == 0, 1_000L * (i + 1), payload);
            }
            f.end(100_000);
            records += f.records.size();
            assertThat(f.session.inFlightCount).isZero();
        }
        assertThat(engine.anomalies().get(L7Anomaly.PARSER_FAILURE)).as(engine.anomalies().toString()).isZero();
        assertThat(records).isPositive();
        assertThat(engine.anomalies().total()).isPositive();
    }

    @Test
    void mutatedDatagramsNeverBreakTheDnsParser() {
        Random random = new Random(99);
        L7Engine engine = new L7Engine(L7Config.defaults());
        byte[] query = Dns.query(3, "www.some-domain.example", Dns.A);
        byte[] answer = Dns.response(3, "www.some-domain.example", Dns.A, 0, "192.0.2.1", "cname:x.example", "2001:db8::1");
        for (int round = 0; round < ROUNDS; round++) {
            L7Flow f = new L7Flow(engine, 17).prefix(random.nextInt(300));
            f.client(1_000, mutate(query, random));
            f.server(2_000, mutate(answer, random));
            f.end(3_000);
        }
        assertThat(engine.anomalies().get(L7Anomaly.PARSER_FAILURE)).as(engine.anomalies().toString()).isZero();
        assertThat(engine.anomalies().get(L7Anomaly.DNS_BAD_MESSAGE) + engine.anomalies().get(L7Anomaly.DNS_COMPRESSION_LOOP))
                .isPositive();
    }

    @Test
    void binaryJunkOnAWebPortStaysL4Only() {
        Random random = new Random(1);
        L7Engine engine = new L7Engine(L7Config.defaults());
        for (int round = 0; round < 200; round++) {
            L7Flow f = new L7Flow(engine, 6).handshake(0);
            for (int i = 0; i < 10; i++) {
                byte[] junk = new byte[1 + random.nextInt(1500)];
                random.nextBytes(junk);
                f.send(i % 2 == 0, 1_000L * i, junk);
            }
            f.end(20_000);
            assertThat(f.session.protocol).isEqualTo(L7Protocol.OTHER);
            assertThat(f.session.wantsPayload()).isFalse();
            assertThat(f.records).isEmpty();
        }
        assertThat(engine.anomalies().get(L7Anomaly.UNRECOGNISED_FLOW)).isEqualTo(200);
        assertThat(engine.anomalies().get(L7Anomaly.PARSER_FAILURE)).isZero();
    }

    @Test
    void hostileLengthsAndHeaders() {
        L7Engine engine = new L7Engine(L7Config.defaults());
        String[] requests = {
            "POST /a HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\nGET /b HTTP/1.1\r\n\r\n",
            "POST /a HTTP/1.1\r\nContent-Length: -5\r\n\r\nGET /b HTTP/1.1\r\n\r\n",
            "POST /a HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nGET /b HTTP/1.1\r\n\r\n",
            "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\nGET /b HTTP/1.1\r\n\r\n",
            "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "GET /" + "a".repeat(100_000) + " HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\n" + "X-Long: ".repeat(20_000) + "\r\n\r\n",
        };
        for (String r : requests) {
            new L7Flow(engine, 6).handshake(0).mss(100).prefix(4096).client(1_000, r)
                    .server(2_000, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").end(3_000);
        }
        byte[] hugeFrame = concat(H2.preface(), new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 4, 0, 0, 0, 1},
                new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        new L7Flow(engine, 6).handshake(0).client(1_000, hugeFrame).server(2_000, H2.settings()).end(3_000);
        byte[] manyQuestions = Dns.query(1, "x.example", Dns.A);
        manyQuestions[4] = (byte) 0xFF;
        manyQuestions[5] = (byte) 0xFF;
        new L7Flow(engine, 17).client(1_000, Dns.query(1, "x.example", Dns.A)).server(2_000, manyQuestions).end(3_000);
        assertThat(engine.anomalies().get(L7Anomaly.PARSER_FAILURE)).isZero();
        assertThat(engine.anomalies().get(L7Anomaly.HTTP_BAD_CONTENT_LENGTH)).isEqualTo(3);
        assertThat(engine.anomalies().get(L7Anomaly.HTTP_BAD_CHUNK)).isEqualTo(2);
        assertThat(engine.anomalies().get(L7Anomaly.HEADER_TOO_LARGE)).isPositive();
    }

    private static byte[] mutate(byte[] in, Random random) {
        byte[] out = in.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int i = 0; i < 1 + random.nextInt(6); i++) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> out = java.util.Arrays.copyOf(out, random.nextInt(out.length + 1));
            case 2 -> {
                int at = random.nextInt(out.length);
                byte[] junk = new byte[random.nextInt(64)];
                random.nextBytes(junk);
                out = concat(java.util.Arrays.copyOf(out, at), junk, java.util.Arrays.copyOfRange(out, at, out.length));
            }
            case 3 -> out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
            default -> { }
        }
        return out;
    }
}
