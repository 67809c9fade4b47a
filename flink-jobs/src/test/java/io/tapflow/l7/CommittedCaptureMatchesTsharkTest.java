package io.tapflow.l7;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.L7FlowLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A committed capture of real software: curl 7.88 against Python 3's http.server (HTTP/1.1
 * keep-alive) on loopback, taken with tcpdump: GET 200 with a request id and traceparent, 404 with a
 * query string, a 5000-byte body, HEAD, a POST answered 501, a directory listing. Checked against
 * tshark on the same file.
 */
class CommittedCaptureMatchesTsharkTest {
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
}
