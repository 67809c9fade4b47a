package io.tapflow.sink.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapflow.schema.L4FlowLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** The local stack's Elasticsearch node (TAPFLOW_ES_PORT, default 19200) and test records. */
final class EsTestNode {
    static final ObjectMapper JSON = new ObjectMapper();

    static String url() {
        String port = System.getenv().getOrDefault("TAPFLOW_ES_PORT", "19200");
        return "http://127.0.0.1:" + port;
    }

    static ElasticsearchSinkConfig.Builder config(String url) {
        return ElasticsearchSinkConfig.builder(url).shardsAndReplicas(1, 0)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(400)).requestTimeout(Duration.ofSeconds(5));
    }

    /** A prefix of this test run's own, so tests never touch the real tapflow-l4-* indices or each other. */
    static String uniquePrefix(String log) {
        return "tapflow-test-" + UUID.randomUUID().toString().substring(0, 8) + "-" + log;
    }

    static JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
        ElasticsearchHttp http = new ElasticsearchHttp(config(url()).build());
        ElasticsearchHttp.Response r = http.send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        if (r.status() / 100 != 2) {
            throw new IOException(method + " " + path + ": HTTP " + r.status() + " " + r.text());
        }
        return JSON.readTree(r.body());
    }

    static long count(String prefix, String query) throws IOException, InterruptedException {
        call("POST", "/" + prefix + "-*/_refresh", null);
        return call("POST", "/" + prefix + "-*/_count", query == null ? "{\"query\":{\"match_all\":{}}}" : query).path("count").asLong();
    }

    static void cleanUp(String prefix) {
        try {
            call("DELETE", "/" + prefix + "-*", null);
        } catch (Exception ignored) {
            // nothing was created
        }
        try {
            call("DELETE", "/_index_template/" + prefix, null);
        } catch (Exception ignored) {
            // nothing was created
        }
    }

    /** An IPv4 TCP flow 10.1.2.<n> → 10.9.9.9:80 starting at {@code start}, 250 ms long. */
    static L4FlowLog l4(long flowId, Instant start, int n, int closeType) {
        Instant end = start.plusMillis(250);
        return L4FlowLog.newBuilder()
                .setTime(end.getEpochSecond()).setStartTime(start).setEndTime(end).setFlowId(flowId)
                .setDuration(250_000).setCloseType(closeType).setAgentId("agent-1").setTapSide("c")
                .setIsIpv4(1).setIp40((10L << 24) | (1 << 16) | (2 << 8) | n).setIp41((10L << 24) | (9 << 16) | (9 << 8) | 9)
                .setProtocol(6).setClientPort(40000 + n).setServerPort(80).setPodId1(77)
                .setByteTx(100 * n).setByteRx(1000).build();
    }

    /** An IPv6 flow 2001:db8::1 → 2001:db8::2. */
    static L4FlowLog l4v6(long flowId, Instant start) {
        byte[] a = new byte[16];
        byte[] b = new byte[16];
        a[0] = b[0] = 0x20;
        a[1] = b[1] = 0x01;
        a[2] = b[2] = 0x0d;
        a[3] = b[3] = (byte) 0xb8;
        a[15] = 1;
        b[15] = 2;
        return L4FlowLog.newBuilder(l4(flowId, start, 1, 1)).setIsIpv4(0).setIp40(0).setIp41(0)
                .setIp60(ByteBuffer.wrap(a)).setIp61(ByteBuffer.wrap(b)).build();
    }

    private EsTestNode() {}
}
