package io.tapflow.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.L7FlowLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The sink inside a Flink job (embedded MiniCluster) against the local Elasticsearch 7.10.2 node. */
@Tag("stack")
class ElasticsearchSinkFlinkTest {
    private final String l4Prefix = EsTestNode.uniquePrefix("l4");
    private final String l7Prefix = EsTestNode.uniquePrefix("l7");

    @AfterEach
    void cleanUp() {
        EsTestNode.cleanUp(l4Prefix);
        EsTestNode.cleanUp(l7Prefix);
    }

    @Test
    void flowJobWritesL4AndL7LogsIntoDailyIndices() throws Exception {
        Instant t0 = Instant.parse("2026-11-20T23:59:59.500000Z"); // the 250 ms flows end on the 21st
        List<L4FlowLog> l4 = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            l4.add(EsTestNode.l4(i, t0.minusSeconds(i), i, i % 5 == 0 ? 2 : 1));
        }
        l4.add(EsTestNode.l4(100, t0.plusMillis(600), 100, 1));
        List<L7FlowLog> l7 = new ArrayList<>();
        for (int stream = 1; stream <= 3; stream += 2) { // two HTTP/2 streams of one flow, same start
            l7.add(L7FlowLog.newBuilder().setTime(t0.getEpochSecond()).setStartTime(t0).setEndTime(t0).setFlowId(7)
                    .setL7Protocol(21).setIsIpv4(1).setIp40(0x0A000001L).setIp41(0x0A000002L).setServerPort(443)
                    .setMethod("GET").setPath("/api/orders").setStatusCode(stream == 1 ? 200 : 503)
                    .setResponseStatus(stream == 1 ? 0 : 4).setStreamId(stream).build());
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        EsTestNode.call("PUT", "/" + l4Prefix + "-2001.01.01", "{\"settings\":{\"number_of_replicas\":0}}");
        // ten years kept: the 2001 index goes when the writers start, the 2026 ones stay
        ElasticsearchSinkConfig config = EsTestNode.config(EsTestNode.url()).retentionDays(3650).build();
        env.fromData(l4).sinkTo(ElasticsearchSink.of(config, FlowLogDocuments.l4().withPrefix(l4Prefix), DeadLetterHandler.logging()));
        env.fromData(l7).sinkTo(ElasticsearchSink.of(config, FlowLogDocuments.l7().withPrefix(l7Prefix), DeadLetterHandler.logging()));
        env.execute("elasticsearch sink test");

        assertThat(EsTestNode.count(l4Prefix, null)).isEqualTo(21);
        JsonNode indices = EsTestNode.call("GET", "/" + l4Prefix + "-*/_settings", null);
        assertThat(indices.has(l4Prefix + "-2026.11.20")).isTrue();
        assertThat(indices.has(l4Prefix + "-2026.11.21")).isTrue();
        assertThat(indices.has(l4Prefix + "-2001.01.01")).isFalse();
        assertThat(EsTestNode.count(l4Prefix, "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"close_type\":2}},"
                + "{\"term\":{\"pod_id_1\":77}},{\"range\":{\"end_time\":{\"gte\":\"2026-11-20T23:00:00Z\"}}}]}}}")).isEqualTo(4);

        assertThat(EsTestNode.count(l7Prefix, null)).isEqualTo(2);
        assertThat(EsTestNode.count(l7Prefix, "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"path\":\"/api/orders\"}},"
                + "{\"range\":{\"status_code\":{\"gte\":500,\"lte\":599}}}]}}}")).isEqualTo(1);
        JsonNode doc = EsTestNode.call("GET", "/" + l7Prefix + "-2026.11.20/_doc/7-" + (t0.getEpochSecond() * 1_000_000L + 500_000) + "-3", null);
        assertThat(doc.path("_source").path("ip_1").asText()).isEqualTo("10.0.0.2");
    }
}
