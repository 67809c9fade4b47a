package io.tapflow.l7;

import static io.tapflow.l7.L7Flow.ascii;
import static io.tapflow.l7.L7Flow.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.L7FlowLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/1.1 against tshark on a capture this test writes: methods, hosts, paths, status codes,
 * {@code http.time} and requests per flow, with pipelining, Content-Length and chunked bodies
 * longer than the payload prefix, HEAD, 304 and a request that never gets an answer. tshark's body
 * reassembly is off so that it reports a response at its first segment, like the manual's rrt.
 */
class HttpMatchesTsharkTest {
    @TempDir
    static Path dir;
    static Path capture;

    @BeforeAll
    static void write() throws Exception {
        capture = dir.resolve("http.pcap");
        long t = 1_700_000_000_000_000L;
        try (PcapWriter w = new PcapWriter(capture)) {
            PcapWriter.Tcp a = new PcapWriter.Tcp(w, "10.0.0.1", 40001, "10.0.0.2", 80).open(t);
            a.client(t + 1_000, ascii("GET /index.html HTTP/1.1\r\nHost: www.example\r\nAccept: */*\r\n\r\n"));
            a.server(t + 3_217, response("200 OK", 1234));
            a.client(t + 10_000, concat(ascii("POST /api/orders?dry=1 HTTP/1.1\r\nHost: api.example\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 3000\r\n\r\n"), body(3000)));
            a.server(t + 25_555, response("201 Created", 0));
            a.client(t + 30_000, ascii("GET /big/file.bin HTTP/1.1\r\nHost: www.example\r\n\r\n"));
            a.server(t + 31_000, response("200 OK", 60_000));
            a.client(t + 90_000, ascii("GET /after/big HTTP/1.1\r\nHost: www.example\r\n\r\n"));
            a.server(t + 90_800, response("404 Not Found", 9));
            a.close(t + 100_000);

            PcapWriter.Tcp b = new PcapWriter.Tcp(w, "10.0.0.3", 40002, "10.0.0.2", 80).open(t + 200_000);
            b.client(t + 201_000, ascii("GET /p/1 HTTP/1.1\r\nHost: pipe\r\n\r\nGET /p/2 HTTP/1.1\r\nHost: pipe\r\n\r\n"
                    + "GET /p/3 HTTP/1.1\r\nHost: pipe\r\n\r\n"));
            b.server(t + 204_000, concat(response("200 OK", 10),
                    ascii("HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n4\r\noops\r\n0\r\n\r\n"),
                    response("200 OK", 0)));
            b.close(t + 210_000);

            PcapWriter.Tcp c = new PcapWriter.Tcp(w, "10.0.0.4", 40003, "10.0.0.2", 80).open(t + 300_000);
            c.client(t + 301_000, ascii("GET /never/answered HTTP/1.1\r\nHost: slow\r\n\r\n"));
            c.close(t + 5_301_000);

            PcapWriter.Tcp d = new PcapWriter.Tcp(w, "10.0.0.5", 40004, "10.0.0.2", 8080).open(t + 400_000);
            d.client(t + 401_000, ascii("HEAD /h HTTP/1.1\r\nHost: head\r\n\r\n"));
            d.server(t + 401_700, ascii("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n"));
            d.client(t + 402_000, ascii("GET /cached?v=2 HTTP/1.1\r\nHost: head\r\nIf-None-Match: \"x\"\r\n\r\n"));
            d.server(t + 402_300, ascii("HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n"));
            d.client(t + 403_000, concat(ascii("PUT /chunky HTTP/1.1\r\nHost: head\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "bb8\r\n"), body(3000), ascii("\r\n0\r\n\r\n")));
            d.server(t + 404_444, response("202 Accepted", 0));
            d.close(t + 410_000);
        }
    }

    static byte[] response(String status, int bodyLength) {
        return concat(ascii("HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: " + bodyLength + "\r\n\r\n"),
                body(bodyLength));
    }

    static byte[] body(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ("GET / HTTP/1.1\r\n".charAt(i % 16)); // bodies full of request lines must not count
        }
        return b;
    }

    @Test
    void requestsResponsesAndTimesMatchTshark() throws Exception {
        Tshark.assumeInstalled();
        CaptureL7 ours = CaptureL7.run(capture, L7Config.defaults(), 256);
        List<String> opts = List.of("-o", "http.desegment_body:FALSE", "-d", "tcp.port==8080,http");
        List<String> theirRequests = new ArrayList<>();
        for (String[] row : Tshark.fields(capture, "http.request", opts, "tcp.srcport", "http.request.method",
                "http.host", "http.request.uri")) {
            String[] methods = row[1].split("\\|");
            String[] hosts = row[2].split("\\|");
            String[] uris = row[3].split("\\|");
            for (int i = 0; i < methods.length; i++) {
                theirRequests.add(row[0] + " " + methods[i] + " " + hosts[i] + " " + uris[i].split("\\?")[0]);
            }
        }
        List<String> theirResponses = new ArrayList<>();
        for (String[] row : Tshark.fields(capture, "http.response", opts, "tcp.dstport", "http.response.code", "http.time")) {
            String[] codes = row[1].split("\\|");
            String[] times = row[2].split("\\|");
            for (int i = 0; i < codes.length; i++) {
                // tshark gives one http.time per frame; pipelined requests and responses sharing their
                // frames share it (and so does the manual's first-packet to first-packet rrt)
                theirResponses.add(row[0] + " " + codes[i] + " " + Tshark.micros(times[Math.min(i, times.length - 1)]));
            }
        }
        List<String> ourRequests = new ArrayList<>();
        List<String> ourResponses = new ArrayList<>();
        for (L7FlowLog r : ours.records) {
            String clientPort = ours.endpoints.get(r.getFlowId()).split(" ")[0].split(":")[1];
            ourRequests.add(clientPort + " " + r.getMethod() + " " + r.getHost() + " " + r.getPath());
            if (r.getType() == 2) {
                ourResponses.add(clientPort + " " + r.getStatusCode() + " " + r.getDuration());
            }
        }
        assertThat(ourRequests).containsExactlyInAnyOrderElementsOf(theirRequests).hasSize(11);
        assertThat(ourResponses).containsExactlyInAnyOrderElementsOf(theirResponses).hasSize(10);
        // the one request tshark never saw answered is our timeout
        assertThat(ours.records).filteredOn(r -> r.getType() == 0).extracting(L7FlowLog::getPath)
                .containsExactly("/never/answered");
        assertThat(ours.counters.request).isEqualTo(11);
        assertThat(ours.counters.timeout).isEqualTo(1);
        assertThat(ours.counters.clientError).isEqualTo(1);
        assertThat(ours.counters.serverError).isEqualTo(1);
        assertThat(ours.engine.anomalies().total()).as(ours.engine.anomalies().toString()).isZero();
        System.out.println("tshark agrees on " + theirRequests.size() + " HTTP requests and " + theirResponses.size()
                + " responses: " + Arrays.toString(theirResponses.toArray()));
    }

    @Test
    void aTinyPayloadPrefixLosesOnlyWhatItCannotSee() throws Exception {
        // 64-byte prefixes cut most headers before Content-Length: bodies are then passed over by
        // resynchronising on the next status line, and every non-pipelined exchange still pairs
        List<String> full = exchanges(CaptureL7.run(capture, L7Config.defaults(), 256), false);
        CaptureL7 cut = CaptureL7.run(capture, L7Config.defaults(), 64);
        assertThat(exchanges(cut, false)).containsExactlyElementsOf(full);
        // pipelined requests beyond the first 64 bytes of the segment are out of sight
        assertThat(exchanges(cut, true)).containsExactly("/p/1 200 2", "/p/2 0 0");
        assertThat(cut.engine.anomalies().get(L7Anomaly.PARSER_FAILURE)).isZero();
    }

    private static List<String> exchanges(CaptureL7 c, boolean pipelined) {
        List<String> out = new ArrayList<>();
        for (L7FlowLog r : c.records) {
            if (c.endpoints.get(r.getFlowId()).contains(":40002 ") == pipelined) {
                out.add(r.getPath() + " " + r.getStatusCode() + " " + r.getType());
            }
        }
        return out;
    }
}
