package io.tapflow.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.L7FlowLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The query examples of docs/elasticsearch.md, verbatim, on the local Elasticsearch 7.10.2 node. */
@Tag("stack")
class ReadmeExamplesStackTest {
    /** docs/elasticsearch.md: flows of pod 77 (either side) that ended in a reset in the last hour. */
    static final String POD_RESETS = """
            {
              "query": { "bool": { "filter": [
                { "bool": { "should": [ { "term": { "pod_id_0": 77 } }, { "term": { "pod_id_1": 77 } } ] } },
                { "terms": { "close_type": [2, 9, 15, 18, 19] } },
                { "range": { "end_time": { "gte": "now-1h" } } }
              ] } },
              "sort": [ { "end_time": "desc" } ]
            }""";

    /** docs/elasticsearch.md: HTTP 5xx responses for a path. */
    static final String PATH_5XX = """
            {
              "query": { "bool": { "filter": [
                { "term": { "path": "/api/orders" } },
                { "range": { "status_code": { "gte": 500, "lte": 599 } } }
              ] } },
              "sort": [ { "start_time": "desc" } ]
            }""";

    private final String l4Prefix = EsTestNode.uniquePrefix("l4");
    private final String l7Prefix = EsTestNode.uniquePrefix("l7");

    @AfterEach
    void cleanUp() {
        EsTestNode.cleanUp(l4Prefix);
        EsTestNode.cleanUp(l7Prefix);
    }

    @Test
    void podResetsInTheLastHourAndPath5xx() throws Exception {
        ElasticsearchSinkConfig config = EsTestNode.config(EsTestNode.url()).build();
        ElasticsearchHttp http = new ElasticsearchHttp(config);
        FlowLogDocuments<L4FlowLog> l4 = FlowLogDocuments.l4().withPrefix(l4Prefix);
        FlowLogDocuments<L7FlowLog> l7 = FlowLogDocuments.l7().withPrefix(l7Prefix);
        IndexTemplates.install(http, l4, config);
        IndexTemplates.install(http, l7, config);
        BulkIndexer indexer = new BulkIndexer(http, config, DeadLetterHandler.logging());

        Instant now = Instant.now();
        List<L4FlowLog> flows = new ArrayList<>();
        flows.add(EsTestNode.l4(1, now.minusSeconds(600), 1, 2));    // server RST, pod 77 as server: yes
        flows.add(EsTestNode.l4(2, now.minusSeconds(300), 2, 9));    // client RST: yes
        flows.add(EsTestNode.l4(3, now.minusSeconds(200), 3, 1));    // FIN: no
        flows.add(EsTestNode.l4(4, now.minusSeconds(7200), 4, 15));  // reset two hours ago: no
        flows.add(L4FlowLog.newBuilder(EsTestNode.l4(5, now.minusSeconds(100), 5, 2)).setPodId1(78).build()); // other pod: no
        flows.add(L4FlowLog.newBuilder(EsTestNode.l4(6, now.minusSeconds(100), 6, 18)).setPodId1(0).setPodId0(77).build()); // pod 77 as client: yes
        for (L4FlowLog f : flows) {
            indexer.add(l4.index(f), l4.id(f), l4.source(f));
        }
        int[] statuses = {200, 500, 503, 404};
        for (int i = 0; i < statuses.length; i++) {
            L7FlowLog r = L7FlowLog.newBuilder().setTime(now.getEpochSecond()).setStartTime(now.minusSeconds(i))
                    .setEndTime(now).setFlowId(9).setL7Protocol(20).setIsIpv4(1).setIp40(0x0A000001L).setIp41(0x0A000002L)
                    .setMethod("POST").setPath(i == 2 ? "/api/other" : "/api/orders").setStatusCode(statuses[i]).build();
            indexer.add(l7.index(r), l7.id(r), l7.source(r));
        }
        indexer.flush();
        EsTestNode.count(l4Prefix, null); // refreshes
        EsTestNode.count(l7Prefix, null);

        JsonNode resets = EsTestNode.call("POST", "/" + l4Prefix + "-*/_search", POD_RESETS).path("hits").path("hits");
        List<Long> ids = new ArrayList<>();
        resets.forEach(h -> ids.add(h.path("_source").path("flow_id").asLong()));
        assertThat(ids).containsExactly(6L, 2L, 1L);

        JsonNode errors = EsTestNode.call("POST", "/" + l7Prefix + "-*/_search", PATH_5XX).path("hits").path("hits");
        assertThat(errors.size()).isEqualTo(1);
        assertThat(errors.get(0).path("_source").path("status_code").asInt()).isEqualTo(500);
    }
}
