package io.tapflow.l7;

import static io.tapflow.l7.H2.CONTINUATION;
import static io.tapflow.l7.H2.END_HEADERS;
import static io.tapflow.l7.H2.END_STREAM;
import static io.tapflow.l7.H2.HEADERS;
import static io.tapflow.l7.H2.frame;
import static io.tapflow.l7.L7Flow.ascii;
import static io.tapflow.l7.L7Flow.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.L7FlowLog;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

class Http2Test {
    private final H2.Encoder client = new H2.Encoder();
    private final H2.Encoder server = new H2.Encoder();

    private byte[] request(int stream, String path, int flags) {
        return frame(HEADERS, END_HEADERS | flags, stream, client.block(":method", "POST", ":scheme", "http",
                ":path", path, ":authority", "greeter.svc:50051", "content-type", "application/grpc", "te", "trailers",
                "grpc-timeout", "1S", "x-request-id", "rq-" + stream));
    }

    private byte[] responseHeaders(int stream) {
        return frame(HEADERS, END_HEADERS, stream, server.block(":status", "200", "content-type", "application/grpc"));
    }

    private byte[] trailers(int stream, int grpcStatus) {
        return frame(HEADERS, END_HEADERS | END_STREAM, stream, server.block("grpc-status", String.valueOf(grpcStatus),
                "grpc-message", grpcStatus == 0 ? "" : "not found"));
    }

    private static L7Flow connected() {
        L7Flow f = L7Flow.tcp().handshake(0);
        f.client(1_000, concat(H2.preface(), H2.settings(1, 4096, 4, 65535), H2.windowUpdate(0, 1 << 20)));
        f.server(1_500, concat(H2.settings(3, 100), H2.settingsAck()));
        f.client(1_600, H2.settingsAck());
        return f;
    }

    @Test
    void grpcStreamsInterleavedOnOneConnection() {
        L7Flow f = connected();
        String method = "/helloworld.Greeter/SayHello";
        f.client(10_000, concat(request(1, method, 0), H2.grpcData(1, END_STREAM, 12)));
        f.client(11_000, concat(request(3, method, 0), H2.grpcData(3, END_STREAM, 40),
                request(5, "/helloworld.Greeter/SayGoodbye", 0), H2.grpcData(5, END_STREAM, 3)));
        f.server(15_000, concat(responseHeaders(3), H2.grpcData(3, 0, 20)));
        f.server(16_000, concat(responseHeaders(1), trailers(3, 0)));
        f.server(17_000, concat(H2.grpcData(1, 0, 8), trailers(1, 5)));
        f.end(99_000);

        assertThat(f.records).extracting(L7FlowLog::getStreamId).containsExactly(3L, 1L, 5L);
        L7FlowLog s3 = f.record(0);
        assertThat(s3.getL7Protocol()).isEqualTo(21);
        assertThat(s3.getVersion()).isEqualTo("2");
        assertThat(s3.getType()).isEqualTo(2);
        assertThat(s3.getMethod()).isEqualTo("POST");
        assertThat(s3.getPath()).isEqualTo(method);
        assertThat(s3.getEndpoint()).isEqualTo(method);
        assertThat(s3.getHost()).isEqualTo("greeter.svc:50051");
        assertThat(s3.getRequestId()).isEqualTo("rq-3");
        assertThat(s3.getStatusCode()).isEqualTo(200);
        assertThat(s3.getGrpcStatus()).isEqualTo(0);
        assertThat(s3.getResponseStatus()).isEqualTo(0);
        assertThat(s3.getDuration()).isEqualTo(4_000);
        L7FlowLog s1 = f.record(1);
        assertThat(s1.getGrpcStatus()).isEqualTo(5);
        assertThat(s1.getResponseStatus()).isEqualTo(3);
        assertThat(s1.getDuration()).isEqualTo(6_000);
        L7FlowLog s5 = f.record(2);
        assertThat(s5.getType()).isEqualTo(0);
        assertThat(s5.getPath()).isEqualTo("/helloworld.Greeter/SayGoodbye");
        assertThat(f.counters.request).isEqualTo(3);
        assertThat(f.counters.response).isEqualTo(2);
        assertThat(f.counters.serverError).isEqualTo(1);
        assertThat(f.counters.timeout).isEqualTo(1);
        assertThat(f.counters.rrtSum).isEqualTo(10_000);
        assertThat(f.engine.anomalies().total()).isZero();
    }

    @Test
    void manyRequestsKeepTheDynamicTableInStep() {
        L7Flow f = connected();
        for (int i = 0; i < 200; i++) {
            int stream = 1 + 2 * i;
            String path = "/api/items/" + i + "/" + "p".repeat(i % 40);
            f.client(10_000 + i * 10L, frame(HEADERS, END_HEADERS | END_STREAM, stream,
                    client.block(":method", "GET", ":scheme", "http", ":path", path, ":authority", "api",
                            "x-b3-traceid", "trace" + i, "x-b3-spanid", "span" + i)));
            f.server(10_005 + i * 10L, frame(HEADERS, END_HEADERS | END_STREAM, stream,
                    server.block(":status", i % 10 == 0 ? "503" : "200", "content-length", "0")));
        }
        f.end(99_000);
        assertThat(f.records).hasSize(200);
        for (int i = 0; i < 200; i++) {
            L7FlowLog r = f.record(i);
            assertThat(r.getPath()).isEqualTo("/api/items/" + i + "/" + "p".repeat(i % 40));
            assertThat(r.getTraceId()).isEqualTo("trace" + i);
            assertThat(r.getSpanId()).isEqualTo("span" + i);
            assertThat(r.getStatusCode()).isEqualTo(i % 10 == 0 ? 503 : 200);
            assertThat(r.getContentLength()).isEqualTo(0);
        }
        assertThat(f.counters.serverError).isEqualTo(20);
        assertThat(f.engine.anomalies().total()).isZero();
    }

    @Test
    void h2cUpgradeMakesTheUpgradeRequestStreamOne() {
        L7Flow f = L7Flow.tcp().handshake(0);
        f.client(1_000, "GET /upgrade/me HTTP/1.1\r\nHost: h2c.example\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
        f.server(2_000, concat(ascii("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"),
                H2.settings(3, 100), frame(HEADERS, END_HEADERS, 1, server.block(":status", "200", "content-length", "2")),
                H2.data(1, END_STREAM, 2)));
        f.client(3_000, concat(H2.preface(), H2.settings(), H2.settingsAck()));
        f.client(4_000, frame(HEADERS, END_HEADERS | END_STREAM, 3, client.block(":method", "GET", ":scheme", "http",
                ":path", "/second", ":authority", "h2c.example")));
        f.server(5_000, frame(HEADERS, END_HEADERS | END_STREAM, 3, server.block(":status", "404")));
        f.end(9_000);
        assertThat(f.records).extracting(L7FlowLog::getStreamId).containsExactly(1L, 3L);
        assertThat(f.records).extracting(L7FlowLog::getPath).containsExactly("/upgrade/me", "/second");
        assertThat(f.records).extracting(L7FlowLog::getStatusCode).containsExactly(200, 404);
        assertThat(f.records).extracting(L7FlowLog::getL7Protocol).containsOnly(21);
        assertThat(f.record(0).getDuration()).isEqualTo(1_000);
        assertThat(f.session.protocol).isEqualTo(L7Protocol.HTTP2);
        assertThat(f.engine.anomalies().total()).isZero();
    }

    @Test
    void headerBlocksSplitAcrossSegmentsAndContinuationFrames() {
        L7Flow f = connected();
        byte[] block = client.block(":method", "GET", ":scheme", "http", ":path", "/continued/path", ":authority", "c",
                "x-request-id", "split-1");
        int half = block.length / 2;
        byte[] first = java.util.Arrays.copyOfRange(block, 0, half);
        byte[] rest = java.util.Arrays.copyOfRange(block, half, block.length);
        f.mss(11); // every frame header and block split across segments
        f.client(10_000, concat(frame(HEADERS, END_STREAM, 1, first), frame(CONTINUATION, END_HEADERS, 1, rest)));
        f.server(12_000, frame(HEADERS, END_HEADERS | END_STREAM, 1, server.block(":status", "200")));
        f.end(20_000);
        assertThat(f.records).hasSize(1);
        assertThat(f.record(0).getPath()).isEqualTo("/continued/path");
        assertThat(f.record(0).getRequestId()).isEqualTo("split-1");
        assertThat(f.record(0).getDuration()).isEqualTo(2_000);
        assertThat(f.engine.anomalies().total()).isZero();
    }

    @Test
    void aBlockCutByThePrefixKeepsItsFirstFieldsAndDistrustsTheTable() {
        L7Flow f = connected();
        f.client(10_000, frame(HEADERS, END_HEADERS | END_STREAM, 1, client.block(":method", "GET", ":scheme", "http",
                ":path", "/first", ":authority", "a", "cookie", "k=" + "v".repeat(400))));
        f.server(11_000, frame(HEADERS, END_HEADERS | END_STREAM, 1, server.block(":status", "200")));
        // the second request refers to ":path /first" and ":authority a" in the dynamic table
        f.client(12_000, frame(HEADERS, END_HEADERS | END_STREAM, 3, client.block(":method", "GET", ":scheme", "http",
                ":path", "/first", ":authority", "a")));
        f.server(13_000, frame(HEADERS, END_HEADERS | END_STREAM, 3, server.block(":status", "200")));
        f.end(20_000);
        assertThat(f.records).extracting(L7FlowLog::getStreamId).containsExactly(1L, 3L);
        assertThat(f.record(0).getPath()).isEqualTo("/first");
        assertThat(f.record(1).getMethod()).isEqualTo("GET");
        assertThat(f.record(1).getPath()).isEmpty();
        assertThat(f.anomaly(L7Anomaly.HEADER_CUT_BY_PREFIX)).isEqualTo(1);
        assertThat(f.anomaly(L7Anomaly.HPACK_DESYNC)).isEqualTo(1);
        assertThat(f.anomaly(L7Anomaly.PARSER_FAILURE)).isZero();
    }

    @Test
    void aResetStreamIsAnErrorNotATimeout() {
        L7Flow f = connected();
        f.client(10_000, request(1, "/svc/Slow", END_STREAM));
        f.server(20_000, H2.rst(1, 2));
        f.client(21_000, request(3, "/svc/Cancelled", END_STREAM));
        f.client(22_000, H2.rst(3, 8));
        f.end(30_000);
        assertThat(f.records).extracting(L7FlowLog::getType).containsExactly(0, 0);
        assertThat(f.records).extracting(L7FlowLog::getResponseStatus).containsExactly(3, 1);
        assertThat(f.counters.timeout).isZero();
        assertThat(f.counters.serverError).isEqualTo(1);
    }

    @Test
    void joiningAConnectionMidWayInfersHttp2FromAHeadersFrame() {
        L7Flow f = L7Flow.tcp();
        H2.Encoder literal = new H2.Encoder();
        literal.indexing = false; // a literal-only block decodes without the history we missed
        f.client(1_000, frame(HEADERS, END_HEADERS | END_STREAM, 41, literal.block(":method", "GET", ":path", "/mid",
                ":scheme", "http", ":authority", "m")));
        f.server(2_000, frame(HEADERS, END_HEADERS | END_STREAM, 41, literal.block(":status", "500")));
        f.end(3_000);
        assertThat(f.session.protocol).isEqualTo(L7Protocol.HTTP2);
        assertThat(f.records).hasSize(1);
        assertThat(f.record(0).getPath()).isEqualTo("/mid");
        assertThat(f.record(0).getStatusCode()).isEqualTo(500);
        assertThat(f.record(0).getStreamId()).isEqualTo(41);
    }

    @Test
    void largeDataFramesAreSkippedBySequenceNumber() {
        L7Flow f = connected();
        f.client(10_000, request(1, "/upload", 0));
        f.client(10_100, H2.data(1, 0, 16_000));
        f.client(10_200, H2.data(1, END_STREAM, 50_000));
        f.client(10_300, request(3, "/next", END_STREAM));
        f.server(11_000, concat(responseHeaders(3), trailers(3, 0)));
        f.server(12_000, concat(responseHeaders(1), H2.data(1, 0, 30_000)));
        f.server(13_000, trailers(1, 0));
        f.end(20_000);
        assertThat(f.records).extracting(L7FlowLog::getPath).containsExactly("/next", "/upload");
        assertThat(f.records.stream().max(Comparator.comparing(L7FlowLog::getRequestLength)).get().getPath())
                .isEqualTo("/upload");
        assertThat(f.engine.anomalies().total()).isZero();
    }

    @Test
    void trailersBeyondThePrefixDoNotHoldTheExchange() {
        L7Flow f = connected();
        f.client(10_000, concat(request(1, "/svc/Big", 0), H2.grpcData(1, END_STREAM, 5)));
        // headers, a 2000-byte message and the trailers in one segment: the trailers are out of sight
        f.server(12_000, concat(responseHeaders(1), H2.grpcData(1, 0, 2000), trailers(1, 13)));
        assertThat(f.records).hasSize(1);
        assertThat(f.record(0).getType()).isEqualTo(2);
        assertThat(f.record(0).getDuration()).isEqualTo(2_000);
        assertThat(f.record(0).getGrpcStatus()).isEqualTo(-1);
        assertThat(f.session.inFlightCount).isZero();
        // the next segment starts with a frame: back in step, though the server's table is no longer
        // trusted (the missed trailers inserted into it), so its grpc-status name cannot be read
        f.client(20_000, request(3, "/svc/Next", END_STREAM));
        f.server(21_000, concat(responseHeaders(3), trailers(3, 0)));
        f.end(30_000);
        assertThat(f.records).extracting(L7FlowLog::getType).containsExactly(2, 2);
        assertThat(f.records).extracting(L7FlowLog::getPath).containsExactly("/svc/Big", "/svc/Next");
        assertThat(f.records).extracting(L7FlowLog::getStatusCode).containsExactly(200, 200);
        assertThat(f.anomaly(L7Anomaly.HEADER_CUT_BY_PREFIX)).isEqualTo(1);
        assertThat(f.anomaly(L7Anomaly.HPACK_DESYNC)).isPositive();
    }

    @Test
    void paddingPriorityAndPushPromisesKeepTheTablesInStep() {
        L7Flow f = connected();
        byte[] block = client.block(":method", "GET", ":scheme", "http", ":path", "/padded", ":authority", "p");
        // PADDED | PRIORITY: pad length, 5 priority bytes, the block, 7 bytes of padding
        byte[] payload = concat(new byte[] {7, 0, 0, 0, 0, 16}, block, new byte[7]);
        f.client(10_000, frame(HEADERS, END_HEADERS | END_STREAM | H2.PADDED | H2.PRIORITY, 1, payload));
        // the server promises a push (its block inserts into the server's table) before answering
        byte[] promised = server.block(":method", "GET", ":scheme", "http", ":path", "/pushed.css", ":authority", "p");
        f.server(11_000, concat(frame(H2.PUSH_PROMISE, END_HEADERS, 1, concat(new byte[] {0, 0, 0, 2}, promised)),
                frame(HEADERS, END_HEADERS | END_STREAM, 1, server.block(":status", "200", ":path", "/pushed.css"))));
        f.client(12_000, frame(HEADERS, END_HEADERS | END_STREAM, 3, client.block(":method", "GET", ":scheme", "http",
                ":path", "/padded", ":authority", "p")));
        f.server(13_000, frame(HEADERS, END_HEADERS | END_STREAM, 3, server.block(":status", "204", ":authority", "p")));
        f.end(20_000);
        assertThat(f.records).extracting(L7FlowLog::getPath).containsExactly("/padded", "/padded");
        assertThat(f.records).extracting(L7FlowLog::getStatusCode).containsExactly(200, 204);
        assertThat(f.engine.anomalies().total()).isZero();
        assertThat(f.session.server.hpack.broken).isFalse();
    }
}
