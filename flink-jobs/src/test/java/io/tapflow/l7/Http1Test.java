package io.tapflow.l7;

import static io.tapflow.l7.L7Flow.ascii;
import static io.tapflow.l7.L7Flow.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.L7FlowLog;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Http1Test {
    static final String GET = "GET /api/v1/users/42?verbose=1 HTTP/1.1\r\nHost: shop.example\r\nUser-Agent: curl/8.0\r\n"
            + "Accept: */*\r\n\r\n";
    static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";

    @Test
    void requestAndResponseMakeOneSession() {
        L7Flow f = L7Flow.tcp().handshake(0).client(1_000, GET).server(3_500, OK).end(10_000);
        assertThat(f.records).hasSize(1);
        L7FlowLog r = f.record(0);
        assertThat(r.getType()).isEqualTo(2);
        assertThat(r.getL7Protocol()).isEqualTo(20);
        assertThat(r.getVersion()).isEqualTo("1.1");
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getHost()).isEqualTo("shop.example");
        assertThat(r.getPath()).isEqualTo("/api/v1/users/42");
        assertThat(r.getEndpoint()).isEqualTo("/api/v1/users");
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getResponseStatus()).isEqualTo(0);
        assertThat(r.getDuration()).isEqualTo(2_500);
        assertThat(r.getStartTime().toEpochMilli() * 1000).isEqualTo(L7Flow.BASE + 1_000);
        assertThat(r.getContentLength()).isEqualTo(5);
        assertThat(r.getFlowId()).isEqualTo(77);
        assertThat(r.getGrpcStatus()).isEqualTo(-1);
        assertThat(f.counters.request).isEqualTo(1);
        assertThat(f.counters.response).isEqualTo(1);
        assertThat(f.counters.rrtSum).isEqualTo(2_500);
        assertThat(f.counters.rrtCount).isEqualTo(1);
        assertThat(f.counters.rrtMax).isEqualTo(2_500);
        assertThat(f.session.protocol).isEqualTo(L7Protocol.HTTP1);
        assertThat(f.engine.anomalies().total()).isZero();
    }

    @Test
    void pipelinedRequestsInOneSegmentPairInOrder() {
        String requests = "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /c HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nGET /d HTTP";
        String responses = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.1 503 Unavailable\r\nContent-Length: 3\r\n\r\nbad";
        L7Flow f = L7Flow.tcp().handshake(0).client(1_000, requests).server(2_000, responses).end(5_000);
        assertThat(f.records).extracting(L7FlowLog::getPath).containsExactly("/a", "/b", "/c");
        assertThat(f.records).extracting(L7FlowLog::getStatusCode).containsExactly(200, 404, 503);
        assertThat(f.records).extracting(L7FlowLog::getResponseStatus).containsExactly(0, 4, 3);
        assertThat(f.counters.clientError).isEqualTo(1);
        assertThat(f.counters.serverError).isEqualTo(1);
        assertThat(f.counters.request).isEqualTo(3);
        // the POST body "GET /d HTTP" is 11 bytes of body, not a fourth request
        assertThat(f.counters.timeout).isZero();
    }

    @Test
    void textInsideAContentLengthBodyIsNotARequest() {
        String body = "GET /not-a-request HTTP/1.1\r\nHost: x\r\n\r\n";
        String post = "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length() + "\r\n\r\n";
        L7Flow f = L7Flow.tcp().handshake(0)
                .client(1_000, post).client(1_100, body)
                .server(2_000, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")
                .client(3_000, "GET /next HTTP/1.1\r\nHost: h\r\n\r\n")
                .server(4_000, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").end(9_000);
        assertThat(f.records).extracting(L7FlowLog::getPath).containsExactly("/upload", "/next");
        assertThat(f.records).extracting(L7FlowLog::getStatusCode).containsExactly(201, 200);
    }

    @Test
    void bodiesLongerThanThePrefixAreSkippedBySequenceNumber() {
        byte[] big = new byte[100_000];
        Arrays.fill(big, (byte) 'G'); // "GGGG..." would never parse, but neither must it be tried
        for (int i = 0; i < big.length; i += 1000) {
            System.arraycopy(ascii("GET / HTTP/1.1\r\n"), 0, big, i, 16);
        }
        byte[] response = concat(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + big.length + "\r\n\r\n"), big);
        L7Flow f = L7Flow.tcp().handshake(0)
                .client(1_000, "GET /big HTTP/1.1\r\nHost: h\r\n\r\n").server(2_000, response)
                .client(90_000, "GET /small HTTP/1.1\r\nHost: h\r\n\r\n")
                .server(91_000, OK).end(100_000);
        assertThat(f.records).extracting(L7FlowLog::getPath).containsExactly("/big", "/small");
        assertThat(f.records.get(0).getResponseLength()).isEqualTo(response.length);
        assertThat(f.engine.anomalies().total()).isZero();
    }

    @Test
    void chunkedBodiesAreFollowedChunkByChunk() {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n" + "1a;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n" + "0\r\nX-Trailer: t\r\n\r\n";
        L7Flow f = L7Flow.tcp().handshake(0)
                .client(1_000, "GET /one HTTP/1.1\r\nHost: h\r\n\r\nGET /two HTTP/1.1\r\nHost: h\r\n\r\n")
                .mss(7) // size lines, data and trailers split across many small segments
                .server(2_000, chunked)
                .mss(1448)
                .server(3_000, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n").end(9_000);
        assertThat(f.records).extracting(L7FlowLog::getStatusCode).containsExactly(200, 404);
        assertThat(f.anomaly(L7Anomaly.LOST_SEGMENTS) + f.anomaly(L7Anomaly.HTTP_BAD_CHUNK)).isZero();
    }

    @Test
    void chunkedRequestBodyFollowedByAPipelinedRequest() {
        String requests = "POST /stream HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                + "4\r\nGET \r\n3\r\n/x \r\n0\r\n\r\n" + "GET /after HTTP/1.1\r\nHost: h\r\n\r\n";
        L7Flow f = L7Flow.tcp().handshake(0).client(1_000, requests)
                .server(2_000, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                .end(5_000);
        assertThat(f.records).extracting(L7FlowLog::getPath).containsExactly("/stream", "/after");
    }

    @Test
    void aHeaderSplitAcrossSegmentsIsReassembled() {
        String request = "GET /split/path HTTP/1.1\r\nHost: split.example\r\nX-Request-Id: abc-123\r\n"
                + "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n\r\n";
        L7Flow f = L7Flow.tcp().handshake(0).mss(40).client(1_000, request).mss(1448)
                .server(5_000, OK).end(9_000);
        L7Flow readOnly = L7Flow.tcp();
        readOnly.readOnly = true;
        readOnly.handshake(0).mss(40).client(1_000, request).mss(1448).server(5_000, OK).end(9_000);
        assertThat(readOnly.records.toString()).isEqualTo(f.records.toString());
        assertThat(f.records).hasSize(1);
        L7FlowLog r = f.record(0);
        assertThat(r.getHost()).isEqualTo("split.example");
        assertThat(r.getRequestId()).isEqualTo("abc-123");
        assertThat(r.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(r.getSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(r.getDuration()).isEqualTo(4_000);
    }

    @Test
    void aHeaderCutByThePrefixKeepsWhatIsVisible() {
        String longHeader = "GET /cut HTTP/1.1\r\nHost: h\r\nCookie: " + "c".repeat(600) + "\r\nX-Request-Id: lost\r\n\r\n";
        L7Flow f = L7Flow.tcp().handshake(0).client(1_000, longHeader).server(2_000, OK)
                .client(3_000, "GET /next HTTP/1.1\r\nHost: h\r\n\r\n").server(4_000, OK).end(9_000);
        assertThat(f.records).extracting(L7FlowLog::getPath).containsExactly("/cut", "/next");
        assertThat(f.record(0).getRequestId()).isEmpty();
        assertThat(f.anomaly(L7Anomaly.HEADER_CUT_BY_PREFIX)).isEqualTo(1);
    }

    @Test
    void aRequestThatNeverGetsAnAnswerTimesOutAtTheEndOfTheFlow() {
        L7Flow f = L7Flow.tcp().handshake(0).client(1_000, GET).end(60_000_000);
        assertThat(f.records).hasSize(1);
        L7FlowLog r = f.record(0);
        assertThat(r.getType()).isEqualTo(0);
        assertThat(r.getResponseStatus()).isEqualTo(2);
        assertThat(r.getDuration()).isZero();
        assertThat(r.getStatusCode()).isZero();
        assertThat(r.getEndTime().toEpochMilli() * 1000).isEqualTo(L7Flow.BASE + 60_000_000);
        assertThat(f.counters.timeout).isEqualTo(1);
        assertThat(f.counters.response).isZero();
    }

    @Test
    void theInFlightBufferPushesTheOldestOutAsATimeout() {
        L7Flow f = L7Flow.tcp().handshake(0);
        for (int i = 0; i < 10; i++) {
            f.client(1_000 + i, "GET /r" + i + " HTTP/1.1\r\nHost: h\r\n\r\n");
        }
        assertThat(f.records).extracting(L7FlowLog::getPath).containsExactly("/r0", "/r1");
        assertThat(f.records).extracting(L7FlowLog::getType).containsOnly(0);
        f.server(2_000, OK).end(3_000);
        // the first response answers the oldest request still in flight
        assertThat(f.records.get(2).getPath()).isEqualTo("/r2");
        assertThat(f.records.get(2).getType()).isEqualTo(2);
        assertThat(f.records).hasSize(10);
        assertThat(f.counters.timeout).isEqualTo(9);
        assertThat(f.anomaly(L7Anomaly.IN_FLIGHT_OVERFLOW)).isEqualTo(2);
    }

    @Test
    void theInFlightLimitIsConfigurable() {
        L7Flow f = L7Flow.tcp(L7Config.builder().maxInFlight(2).build()).handshake(0);
        for (int i = 0; i < 3; i++) {
            f.client(1_000 + i, "GET /r" + i + " HTTP/1.1\r\nHost: h\r\n\r\n");
        }
        assertThat(f.records).extracting(L7FlowLog::getPath).containsExactly("/r0");
    }

    @Test
    void aRetransmittedRequestCountsOnce() {
        byte[] req = ascii(GET);
        L7Flow f = L7Flow.tcp().handshake(0).client(1_000, req).retransmit(true, 201_000, req, 0, req.length)
                .server(202_000, OK).end(300_000);
        assertThat(f.counters.request).isEqualTo(1);
        assertThat(f.records).hasSize(1);
        assertThat(f.record(0).getDuration()).isEqualTo(201_000);
    }

    @Test
    void informationalResponsesAndBodylessResponsesKeepTheFraming() {
        L7Flow f = L7Flow.tcp().handshake(0)
                .client(1_000, "POST /p HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
                .server(2_000, "HTTP/1.1 100 Continue\r\n\r\n")
                .client(3_000, "abc")
                .server(4_000, "HTTP/1.1 204 No Content\r\nContent-Length: 99\r\n\r\n") // 204 has no body whatever it says
                .client(5_000, "HEAD /h HTTP/1.1\r\nHost: h\r\n\r\n")
                .server(6_000, "HTTP/1.1 200 OK\r\nContent-Length: 12345\r\n\r\n") // HEAD: no body
                .client(7_000, "GET /g HTTP/1.1\r\nHost: h\r\n\r\n")
                .server(8_000, "HTTP/1.1 304 Not Modified\r\n\r\n").end(9_000);
        assertThat(f.records).extracting(L7FlowLog::getPath).containsExactly("/p", "/h", "/g");
        assertThat(f.records).extracting(L7FlowLog::getStatusCode).containsExactly(204, 200, 304);
        assertThat(f.record(0).getDuration()).isEqualTo(3_000);
    }

    @Test
    void aResponseWithoutLengthRunsToTheEndOfTheConnection() {
        L7Flow f = L7Flow.tcp().handshake(0).client(1_000, "GET /old HTTP/1.0\r\n\r\n")
                .server(2_000, "HTTP/1.0 200 OK\r\n\r\nHTTP/1.1 500 not a response\r\n\r\n").end(3_000);
        assertThat(f.records).hasSize(1);
        assertThat(f.record(0).getVersion()).isEqualTo("1.0");
        assertThat(f.record(0).getStatusCode()).isEqualTo(200);
    }

    @Test
    void aResponseWithoutItsRequestIsRecordedAlone() {
        L7Flow f = L7Flow.tcp().server(1_000, OK).client(2_000, GET).server(3_000, OK).end(4_000);
        assertThat(f.records).extracting(L7FlowLog::getType).containsExactly(1, 2);
        assertThat(f.record(0).getDuration()).isZero();
        assertThat(f.record(0).getStatusCode()).isEqualTo(200);
        assertThat(f.anomaly(L7Anomaly.UNPAIRED_RESPONSE)).isEqualTo(1);
    }

    @Test
    void theContentDecidesWhoIsTheClient() {
        // the flow engine guessed wrong (no handshake seen, both ports high): the "server" sends the request
        L7Flow f = L7Flow.tcp();
        f.send(false, 1_000, ascii(GET));
        f.send(true, 2_000, ascii(OK));
        f.end(3_000);
        assertThat(f.session.reversed).isTrue();
        assertThat(f.records).hasSize(1);
        assertThat(f.record(0).getType()).isEqualTo(2);
        assertThat(f.record(0).getDuration()).isEqualTo(1_000);
    }

    @Test
    void proxyClientRequestIdAndTraceHeaders() {
        String req = "GET /t HTTP/1.1\r\nhost: h\r\nx-forwarded-for:  203.0.113.7, 10.0.0.1\r\nX-REQUEST-ID: r-1\r\n"
                + "uber-trace-id: abc123%3Adef456%3A0%3A1\r\nb3: 80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1\r\n\r\n";
        L7Flow f = L7Flow.tcp().handshake(0).client(1_000, req).server(2_000, OK).end(3_000);
        L7FlowLog r = f.record(0);
        assertThat(r.getClientIp()).isEqualTo("203.0.113.7");
        assertThat(r.getRequestId()).isEqualTo("r-1");
        // b3 comes before uber-trace-id in the default list
        assertThat(r.getTraceId()).isEqualTo("80f198ee56343ba864fe8b2a57d3eff7");
        assertThat(r.getSpanId()).isEqualTo("e457b5a2e4d86bd1");

        L7Flow g = L7Flow.tcp(L7Config.builder().traceHeaders(List.of("uber-trace-id", "b3")).build())
                .handshake(0).client(1_000, req).server(2_000, OK).end(3_000);
        assertThat(g.record(0).getTraceId()).isEqualTo("abc123");
        assertThat(g.record(0).getSpanId()).isEqualTo("def456");
    }

    @Test
    void skyWalkingAndZipkinMultiHeaders() {
        String sw8 = "1-" + b64("trace-1") + "-" + b64("segment-1") + "-3-" + b64("svc") + "-" + b64("inst") + "-"
                + b64("/ep") + "-" + b64("target:80");
        L7Flow f = L7Flow.tcp().handshake(0)
                .client(1_000, "GET /a HTTP/1.1\r\nHost: h\r\nsw8: " + sw8 + "\r\n\r\n").server(2_000, OK)
                .client(3_000, "GET /b HTTP/1.1\r\nHost: h\r\nX-B3-TraceId: 463ac35c9f6413ad\r\nX-B3-SpanId: a2fb4a1d1a96d312\r\n\r\n")
                .server(4_000, OK).end(5_000);
        assertThat(f.record(0).getTraceId()).isEqualTo("trace-1");
        assertThat(f.record(0).getSpanId()).isEqualTo("segment-1-3");
        assertThat(f.record(1).getTraceId()).isEqualTo("463ac35c9f6413ad");
        assertThat(f.record(1).getSpanId()).isEqualTo("a2fb4a1d1a96d312");
    }

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void pathSegmentsQueryStringsAndObfuscation() {
        String req = "GET http://proxy.example:8080/a/b/c/d/e?user=bob&token=s3cret#frag HTTP/1.1\r\n"
                + "X-Forwarded-For: 198.51.100.9\r\nX-Request-Id: req-9\r\n\r\n";
        L7Flow plain = L7Flow.tcp().handshake(0).client(1_000, req).server(2_000, OK).end(3_000);
        assertThat(plain.record(0).getHost()).isEqualTo("proxy.example:8080");
        assertThat(plain.record(0).getPath()).isEqualTo("/a/b/c/d/e");
        assertThat(plain.record(0).getEndpoint()).isEqualTo("/a/b/c");

        L7Config keep = L7Config.builder().keepQueryString(true).pathSegments(4).endpointSegments(1).build();
        L7Flow kept = L7Flow.tcp(keep).handshake(0).client(1_000, req).server(2_000, OK).end(3_000);
        assertThat(kept.record(0).getPath()).isEqualTo("/a/b/c/d");
        assertThat(kept.record(0).getEndpoint()).isEqualTo("/a");

        L7Config obfuscate = L7Config.builder().keepQueryString(true).obfuscate(L7Protocol.HTTP1).build();
        L7Flow hidden = L7Flow.tcp(obfuscate).handshake(0).client(1_000, req).server(2_000, OK).end(3_000);
        L7FlowLog r = hidden.record(0);
        assertThat(r.getPath()).isEqualTo("/a/b/c/d/e?user=?&token=?");
        assertThat(r.getClientIp()).startsWith("obf:").doesNotContain("198.51");
        assertThat(r.getRequestId()).startsWith("obf:").isNotEqualTo("req-9");
        L7Flow again = L7Flow.tcp(obfuscate).handshake(0).client(1_000, req).server(2_000, OK).end(3_000);
        assertThat(again.record(0).getRequestId()).isEqualTo(r.getRequestId());
    }

    @Test
    void latencyAboveTheCapIsNotAnRrtSample() {
        L7Flow f = L7Flow.tcp().handshake(0).client(1_000, GET).server(1_000 + 1_900_000_000L, OK).end(2_000_000_000L);
        assertThat(f.record(0).getDuration()).isEqualTo(1_800_000_000L);
        assertThat(f.counters.rrtCount).isZero();
        assertThat(f.counters.response).isEqualTo(1);
    }

    @Test
    void lostSegmentsInsideABodyDoNotMatterOutsideOneTheDirectionResyncs() {
        L7Flow f = L7Flow.tcp().handshake(0)
                .client(1_000, "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3000\r\n\r\n")
                .client(1_001, new byte[1000]).lose(true, 1000).client(1_002, new byte[1000])
                .client(1_003, "GET /b HTTP/1.1\r\nHost: h\r\n\r\n")
                .lose(true, 50) // part of the next request is lost: resync on the following one
                .client(1_004, "GET /d HTTP/1.1\r\nHost: h\r\n\r\n")
                .server(2_000, OK + OK + OK).end(3_000);
        assertThat(f.records).extracting(L7FlowLog::getPath).containsExactly("/a", "/b", "/d");
        assertThat(f.anomaly(L7Anomaly.LOST_SEGMENTS)).isEqualTo(1);
    }

    @Test
    void connectAndWebSocketUpgradesStopTheParsing() {
        L7Flow f = L7Flow.tcp().handshake(0).client(1_000, "CONNECT db.example:5432 HTTP/1.1\r\nHost: db.example:5432\r\n\r\n")
                .server(2_000, "HTTP/1.1 200 Connection established\r\n\r\n")
                .client(3_000, "GET /inside-the-tunnel HTTP/1.1\r\n\r\n").end(4_000);
        assertThat(f.records).hasSize(1);
        assertThat(f.record(0).getHost()).isEqualTo("db.example:5432");
        assertThat(f.session.opaque).isTrue();
        assertThat(f.session.wantsPayload()).isFalse();
    }

    @Test
    void aRetransmissionThatAlsoCarriesNewBytesIsTrimmed() {
        byte[] first = ascii("GET /one HTTP/1.1\r\nHost: h\r\n\r\n");
        byte[] second = ascii("GET /two HTTP/1.1\r\nHost: h\r\n\r\n");
        L7Flow f = L7Flow.tcp().handshake(0).client(1_000, first);
        // the first request again alone, then again coalesced with the second one (the sender repacketized)
        byte[] both = concat(first, second);
        f.retransmit(true, 2_000, both, 0, first.length);
        f.rewind(true, first.length).segment(true, 2_000, both, 0, both.length);
        f.server(3_000, OK + OK).end(4_000);
        assertThat(f.records).extracting(L7FlowLog::getPath).containsExactly("/one", "/two");
        assertThat(f.counters.request).isEqualTo(2);
    }

    @Test
    void aNewConnectionOnTheSamePortsStartsAfresh() {
        L7Flow f = L7Flow.tcp().handshake(0)
                .client(1_000, "GET /first HTTP/1.1\r\nHost: h\r\n\r\n").server(2_000, OK)
                .client(3_000, "GET /unanswered HTTP/1.1\r\nHost: h\r\n\r\n")
                .reconnect(10_000)
                .client(11_000, "GET /second HTTP/1.1\r\nHost: h\r\n\r\n").server(12_000, OK).end(20_000);
        assertThat(f.records).extracting(L7FlowLog::getPath).containsExactly("/first", "/unanswered", "/second");
        assertThat(f.records).extracting(L7FlowLog::getType).containsExactly(2, 0, 2);
        assertThat(f.record(1).getEndTime().toEpochMilli() * 1000).isEqualTo(L7Flow.BASE + 10_000);
        assertThat(f.engine.anomalies().total()).isZero();
    }
}
