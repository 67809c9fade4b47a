package io.tapflow.l7;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.L7FlowLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Committed captures of real software on loopback, taken with tcpdump, checked against tshark on the
 * same file.
 */
class CommittedCaptureMatchesTsharkTest {
    /**
     * curl 7.88 against Python 3's http.server (HTTP/1.1 keep-alive): GET 200 with a request id and
     * traceparent, 404 with a query string, a 5000-byte body, HEAD, a POST answered 501, a directory listing.
     */
    @Test
    void realCurlAndPythonTrafficMatchesTshark() throws Exception {
        Tshark.assumeInstalled();
        Path capture = Path.of(getClass().getResource("curl-python-http11.pcap").toURI());
        CaptureL7 ours = CaptureL7.run(capture, L7Config.defaults(), 256);
        List<String> theirs = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        // Python writes a response's header and body in two segments. With body reassembly tshark's
        // http.time runs to the body's last segment; the manual's rrt (and ours) to the first response
        // packet, which is tshark's answer with body reassembly off.
        List<String> options = List.of("-o", "http.desegment_body:FALSE", "-d", "tcp.port==28090,http");
        for (String[] row : Tshark.fields(capture, "http.request || http.response", options, "tcp.srcport",
                "tcp.dstport", "http.request.method", "http.request.uri", "http.host", "http.response.code", "http.time")) {
            if (!row[2].isEmpty()) {
                requests.add(row[0] + " " + row[2] + " " + row[3].split("\\?")[0] + " " + row[4]);
            } else {
                theirs.add(row[1] + " " + row[5] + " " + Tshark.micros(row[6]));
            }
        }
        List<String> ourRequests = new ArrayList<>();
        List<String> ours2 = new ArrayList<>();
        for (L7FlowLog r : ours.records) {
            String port = ours.endpoints.get(r.getFlowId()).split(" ")[0].split(":")[1];
            ourRequests.add(port + " " + r.getMethod() + " " + r.getPath() + " " + r.getHost());
            ours2.add(port + " " + r.getStatusCode() + " " + r.getDuration());
        }
        assertThat(ourRequests).containsExactlyInAnyOrderElementsOf(requests).hasSize(6);
        assertThat(ours2).containsExactlyInAnyOrderElementsOf(theirs);
        assertThat(ours.records).extracting(L7FlowLog::getResponseStatus).containsExactlyInAnyOrder(0, 4, 0, 0, 3, 0);
        L7FlowLog first = ours.records.stream().filter(r -> r.getPath().equals("/index.txt")).findFirst().orElseThrow();
        assertThat(first.getRequestId()).isEqualTo("real-1");
        assertThat(first.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(ours.records.stream().filter(r -> r.getMethod().equals("POST")).findFirst().orElseThrow().getClientIp())
                .isEqualTo("203.0.113.9");
        assertThat(ours.engine.anomalies().total()).as(ours.engine.anomalies().toString()).isZero();
    }

    /**
     * curl 7.88 (nghttp2's HPACK encoder: Huffman, incremental indexing) with HTTP/2 prior knowledge
     * against a canned HTTP/2 responder, twice, then curl asking Python's HTTP/1.1 server to upgrade
     * to h2c, which it ignores.
     */
    @Test
    void realCurlHttp2RequestsMatchTshark() throws Exception {
        Tshark.assumeInstalled();
        Path capture = Path.of(getClass().getResource("curl-h2-prior-knowledge-and-upgrade.pcap").toURI());
        CaptureL7 ours = CaptureL7.run(capture, L7Config.defaults(), 256);
        List<String> theirs = new ArrayList<>();
        double requestTime = 0;
        String request = null;
        for (String[] row : Tshark.fields(capture, "http2.type == 1", List.of("-d", "tcp.port==28091,http2"),
                "frame.time_epoch", "http2.headers.method", "http2.headers.path", "http2.headers.status")) {
            if (!row[1].isEmpty()) {
                request = row[1] + " " + row[2].split("\\?")[0];
                requestTime = Double.parseDouble(row[0]);
            } else {
                theirs.add(request + " " + row[3].split("\\|")[0] + " "
                        + Math.round((Double.parseDouble(row[0]) - requestTime) * 1e6));
            }
        }
        List<String> mine = new ArrayList<>();
        for (L7FlowLog r : ours.records) {
            if (r.getL7Protocol() == L7Protocol.HTTP2) {
                mine.add(r.getMethod() + " " + r.getPath() + " " + r.getStatusCode() + " " + r.getDuration());
            }
        }
        assertThat(mine).containsExactlyInAnyOrderElementsOf(theirs).hasSize(2);
        L7FlowLog one = ours.records.stream().filter(r -> r.getPath().equals("/api/one")).findFirst().orElseThrow();
        assertThat(one.getHost()).isEqualTo("127.0.0.1:28091");
        assertThat(one.getRequestId()).isEqualTo("h2-real-1");
        assertThat(one.getTraceId()).isEqualTo("11112222333344445555666677778888");
        assertThat(one.getContentLength()).isEqualTo(14);
        L7FlowLog two = ours.records.stream().filter(r -> r.getPath().equals("/api/two")).findFirst().orElseThrow();
        assertThat(two.getClientIp()).isEqualTo("198.51.100.20");
        // the declined upgrade stays HTTP/1.1
        L7FlowLog declined = ours.records.stream().filter(r -> r.getL7Protocol() == L7Protocol.HTTP1).findFirst().orElseThrow();
        assertThat(declined.getPath()).isEqualTo("/index.txt");
        assertThat(declined.getStatusCode()).isEqualTo(404);
        assertThat(ours.records).hasSize(3);
        assertThat(ours.engine.anomalies().total()).as(ours.engine.anomalies().toString()).isZero();
    }
}
