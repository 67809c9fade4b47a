package io.tapflow.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapflow.schema.L4FlowLog;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Retention of daily indices on the local Elasticsearch 7.10.2 node. */
@Tag("stack")
class IndexRetentionStackTest {
    private final String prefix = EsTestNode.uniquePrefix("l4");

    @AfterEach
    void cleanUp() {
        EsTestNode.cleanUp(prefix);
    }

    @Test
    void keepsTheLastDaysAndDeletesTheOlderOnes() throws Exception {
        ElasticsearchSinkConfig config = EsTestNode.config(EsTestNode.url()).build();
        ElasticsearchHttp http = new ElasticsearchHttp(config);
        FlowLogDocuments<L4FlowLog> docs = FlowLogDocuments.l4().withPrefix(prefix);
        IndexTemplates.install(http, docs, config);
        BulkIndexer indexer = new BulkIndexer(http, config, DeadLetterHandler.logging());
        for (int day = 17; day <= 21; day++) {
            L4FlowLog r = EsTestNode.l4(day, Instant.parse("2026-11-" + day + "T12:00:00Z"), 1, 1);
            indexer.add(docs.index(r), docs.id(r), docs.source(r));
        }
        indexer.flush();

        List<String> deleted = IndexRetention.deleteOlderThan(config, prefix, 3, LocalDate.of(2026, 11, 21));
        assertThat(deleted).containsExactlyInAnyOrder(prefix + "-2026.11.17", prefix + "-2026.11.18");
        List<String> left = new ArrayList<>();
        for (JsonNode row : EsTestNode.call("GET", "/_cat/indices/" + prefix + "-*?h=index&format=json", null)) {
            left.add(row.path("index").asText());
        }
        assertThat(left).containsExactlyInAnyOrder(prefix + "-2026.11.19", prefix + "-2026.11.20", prefix + "-2026.11.21");
        assertThat(IndexRetention.deleteOlderThan(config, prefix, 3, LocalDate.of(2026, 11, 21))).isEmpty();
    }
}
