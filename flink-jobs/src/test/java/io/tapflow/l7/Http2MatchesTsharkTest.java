package io.tapflow.l7;

import static io.tapflow.l7.H2.END_HEADERS;
import static io.tapflow.l7.H2.END_STREAM;
import static io.tapflow.l7.H2.HEADERS;
import static io.tapflow.l7.H2.frame;
import static io.tapflow.l7.L7Flow.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.L7FlowLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC over HTTP/2 (prior knowledge) against tshark's HTTP/2 dissector, which decodes the same
 * HPACK blocks independently: per stream the method, path, authority, status and grpc-status, and
 * the response time from the frames' capture times. Streams are interleaved; one is never answered.
 */
class Http2MatchesTsharkTest {
    @TempDir
    static Path dir;
    static Path capture;

    @BeforeAll
    static void write() throws Exception {
        capture = dir.resolve("grpc.pcap");
        long t = 1_700_000_200_000_000L;
        H2.Encoder client = new H2.Encoder();
        H2.Encoder server = new H2.Encoder();
        try (PcapWriter w = new PcapWriter(capture)) {
            PcapWriter.Tcp c = new PcapWriter.Tcp(w, "10.0.2.1", 41000, "10.0.2.2", 50051).open(t);
            c.client(t + 1_000, concat(H2.preface(), H2.settings(2, 0, 4, 4194304), H2.windowUpdate(0, 4128769)));
            c.server(t + 1_300, concat(H2.settings(3, 100, 5, 16384), H2.settingsAck()));
            c.client(t + 1_500, H2.settingsAck());
            c.client(t + 2_000, concat(grpcCall(client, 1, "/helloworld.Greeter/SayHello"), H2.grpcData(1, END_STREAM, 7)));
            c.client(t + 2_100, concat(grpcCall(client, 3, "/helloworld.Greeter/SayHello"), H2.grpcData(3, END_STREAM, 12)));
            c.client(t + 2_200, concat(grpcCall(client, 5, "/routeguide.RouteGuide/GetFeature"), H2.grpcData(5, END_STREAM, 9)));
            c.server(t + 4_000, concat(frame(HEADERS, END_HEADERS, 3, server.block(":status", "200",
                    "content-type", "application/grpc", "grpc-accept-encoding", "identity,deflate,gzip")), H2.grpcData(3, 0, 30)));
            c.client(t + 4_500, frame(HEADERS, END_HEADERS | END_STREAM, 7, client.block(":method", "GET", ":scheme", "http",
                    ":path", "/healthz?probe=1", ":authority", "grpc.example:50051", "x-request-id", "h-7")));
            c.server(t + 5_000, frame(HEADERS, END_HEADERS, 1, server.block(":status", "200", "content-type", "application/grpc",
                    "grpc-accept-encoding", "identity,deflate,gzip")));
            c.server(t + 5_100, frame(HEADERS, END_HEADERS | END_STREAM, 3, server.block("grpc-status", "0")));
            c.server(t + 6_000, concat(H2.grpcData(1, 0, 11)));
            c.server(t + 6_100, frame(HEADERS, END_HEADERS | END_STREAM, 1, server.block("grpc-status", "14",
                    "grpc-message", "upstream unavailable")));
            c.server(t + 7_000, frame(HEADERS, END_HEADERS | END_STREAM, 5, server.block(":status", "200",
                    "content-type", "application/grpc", "grpc-status", "12", "grpc-message", "unimplemented")));
            c.close(t + 20_000);
        }
    }

    private static byte[] grpcCall(H2.Encoder e, int stream, String path) {
        return frame(HEADERS, END_HEADERS, stream, e.block(":method", "POST", ":scheme", "http", ":path", path,
                ":authority", "grpc.example:50051", "content-type", "application/grpc", "user-agent", "grpc-go/1.64.0",
                "te", "trailers", "grpc-timeout", "4999m", "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
    }

    @Test
    void streamsMatchTshark() throws Exception {
        Tshark.assumeInstalled();
        CaptureL7 ours = CaptureL7.run(capture, L7Config.defaults(), 256);
        Map<Integer, String> theirRequests = new HashMap<>();
        Map<Integer, Double> requestTime = new HashMap<>();
        Map<Integer, String> theirResponses = new HashMap<>();
        Map<Integer, Double> responseTime = new HashMap<>();
        Map<Integer, String> theirGrpcStatus = new HashMap<>();
        for (String[] row : Tshark.fields(capture, "http2.type == 1", List.of("-d", "tcp.port==50051,http2"),
                "frame.time_epoch", "tcp.srcport", "http2.streamid", "http2.headers.method", "http2.headers.path",
                "http2.headers.authority", "http2.headers.status", "http2.header.name", "http2.header.value")) {
            double time = Double.parseDouble(row[0]);
            int stream = Integer.parseInt(row[2].split("\\|")[0]);
            if (row[1].equals("41000")) {
                theirRequests.put(stream, row[3] + " " + row[4].split("\\?")[0] + " " + row[5]);
                requestTime.put(stream, time);
                continue;
            }
            String[] names = row[7].split("\\|");
            String[] values = row[8].split("\\|", -1);
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals("grpc-status")) {
                    theirGrpcStatus.put(stream, values[i]);
                }
            }
            if (!row[6].isEmpty()) {
                theirResponses.put(stream, row[6]);
                responseTime.put(stream, time);
            }
        }
        assertThat(theirRequests).hasSize(4);
        assertThat(ours.records).hasSize(4);
        for (L7FlowLog r : ours.records) {
            int stream = (int) r.getStreamId();
            assertThat(r.getMethod() + " " + r.getPath() + " " + r.getHost()).as("stream " + stream)
                    .isEqualTo(theirRequests.get(stream));
            if (theirResponses.containsKey(stream)) {
                assertThat(r.getType()).isEqualTo(2);
                assertThat(String.valueOf(r.getStatusCode())).isEqualTo(theirResponses.get(stream));
                long rrt = Math.round((responseTime.get(stream) - requestTime.get(stream)) * 1e6);
                assertThat(r.getDuration()).as("rrt of stream " + stream).isEqualTo(rrt);
            } else {
                assertThat(r.getType()).as("stream " + stream + " was never answered").isEqualTo(0);
            }
            assertThat(String.valueOf(r.getGrpcStatus())).isEqualTo(theirGrpcStatus.getOrDefault(stream, "-1"));
        }
        assertThat(ours.records).extracting(L7FlowLog::getStreamId).containsExactly(3L, 1L, 5L, 7L);
        assertThat(ours.records).extracting(L7FlowLog::getResponseStatus).containsExactly(0, 3, 3, 2);
        assertThat(ours.records.get(0).getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(ours.records.get(3).getRequestId()).isEqualTo("h-7");
        assertThat(ours.counters.serverError).isEqualTo(2);
        assertThat(ours.counters.timeout).isEqualTo(1);
        assertThat(ours.engine.anomalies().total()).as(ours.engine.anomalies().toString()).isZero();
    }
}
