package io.tapflow.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapflow.schema.DeadLetter;
import io.tapflow.schema.L4FlowLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Against the real local Elasticsearch 7.10.2 node ({@code ./tapflow up elasticsearch}). */
@Tag("stack")
class ElasticsearchSinkStackTest {
    private final String prefix = EsTestNode.uniquePrefix("l4");
    private final FlowLogDocuments<L4FlowLog> docs = FlowLogDocuments.l4().withPrefix(prefix);
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() {
        EsTestNode.cleanUp(prefix);
    }

    private BulkIndexer indexer(ElasticsearchSinkConfig config) throws Exception {
        ElasticsearchHttp http = new ElasticsearchHttp(config);
        IndexTemplates.install(http, docs, config);
        return new BulkIndexer(http, config, deadLetters::add);
    }

    private void add(BulkIndexer indexer, L4FlowLog r) throws Exception {
        indexer.add(docs.index(r), docs.id(r), docs.source(r));
    }

    @Test
    void templateTypesFieldsAndDocumentsAreSearchableByIpAndTime() throws Exception {
        BulkIndexer indexer = indexer(EsTestNode.config(EsTestNode.url()).build());
        Instant t0 = Instant.parse("2026-11-20T10:00:00.123456Z");
        for (int i = 1; i <= 5; i++) {
            add(indexer, EsTestNode.l4(i, t0.plusSeconds(60L * i), i, i == 3 ? 2 : 1));
        }
        add(indexer, EsTestNode.l4v6(99, t0));
        indexer.flush();
        assertThat(indexer.indexed()).isEqualTo(6);

        JsonNode mapping = EsTestNode.call("GET", "/" + prefix + "-2026.11.20/_mapping", null)
                .path(prefix + "-2026.11.20").path("mappings");
        assertThat(mapping.path("dynamic").asText()).isEqualTo("strict");
        JsonNode p = mapping.path("properties");
        assertThat(p.path("ip_0").path("type").asText()).isEqualTo("ip");
        assertThat(p.path("tunnel_tx_ip_0").path("type").asText()).isEqualTo("ip");
        assertThat(p.path("start_time").path("type").asText()).isEqualTo("date_nanos");
        assertThat(p.path("time").path("type").asText()).isEqualTo("date");
        assertThat(p.path("agent_id").path("type").asText()).isEqualTo("keyword");
        assertThat(p.path("flow_id").path("type").asText()).isEqualTo("long");
        assertThat(p.has("ip4_0")).isFalse();
        assertThat(p.has("ip6_0")).isFalse();

        assertThat(EsTestNode.count(prefix, "{\"query\":{\"term\":{\"ip_0\":\"10.1.2.3\"}}}")).isEqualTo(1);
        assertThat(EsTestNode.count(prefix, "{\"query\":{\"term\":{\"ip_0\":\"10.1.2.0/24\"}}}")).isEqualTo(5);
        assertThat(EsTestNode.count(prefix, "{\"query\":{\"term\":{\"ip_1\":\"2001:db8::2\"}}}")).isEqualTo(1);
        // microseconds survive: the flow starting at .123456 is inside [.123456, .123457), not in [.123457, ...)
        assertThat(EsTestNode.count(prefix, "{\"query\":{\"range\":{\"start_time\":{\"gte\":\"2026-11-20T10:02:00.123456Z\",\"lt\":\"2026-11-20T10:04:00.123457Z\"}}}}"))
                .isEqualTo(3);
        assertThat(EsTestNode.count(prefix, "{\"query\":{\"range\":{\"start_time\":{\"gt\":\"2026-11-20T10:02:00.123456Z\",\"lt\":\"2026-11-20T10:04:00.123456Z\"}}}}"))
                .isEqualTo(1);
        JsonNode hit = EsTestNode.call("POST", "/" + prefix + "-*/_search",
                "{\"query\":{\"term\":{\"close_type\":2}}}").path("hits").path("hits").get(0);
        assertThat(hit.path("_id").asText()).isEqualTo("3-" + (t0.plusSeconds(180).getEpochSecond() * 1_000_000L + 123_456));
        assertThat(hit.path("_source").path("start_time").asText()).isEqualTo("2026-11-20T10:03:00.123456Z");
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void partialBulkFailureIndexesTheGoodDocumentsAndDeadLettersTheBadOne() throws Exception {
        BulkIndexer indexer = indexer(EsTestNode.config(EsTestNode.url()).build());
        Instant t0 = Instant.parse("2026-11-20T11:00:00Z");
        add(indexer, EsTestNode.l4(1, t0, 1, 1));
        indexer.add(prefix + "-2026.11.20", "bad-1", "{\"ip_0\":\"not-an-address\"}".getBytes(StandardCharsets.UTF_8));
        indexer.add(prefix + "-2026.11.20", "bad-2", "{\"no_such_field\":1}".getBytes(StandardCharsets.UTF_8));
        add(indexer, EsTestNode.l4(2, t0, 2, 1));
        indexer.flush();

        assertThat(indexer.indexed()).isEqualTo(2);
        assertThat(indexer.rejected()).isEqualTo(2);
        assertThat(EsTestNode.count(prefix, null)).isEqualTo(2);
        assertThat(deadLetters).hasSize(2);
        assertThat(deadLetters.get(0).getReason()).contains("bad-1", "HTTP 400", "mapper_parsing_exception");
        assertThat(deadLetters.get(1).getReason()).contains("bad-2", "strict_dynamic_mapping_exception");
        assertThat(deadLetters.get(0).getComponent()).isEqualTo(BulkIndexer.COMPONENT);
        assertThat(StandardCharsets.UTF_8.decode(deadLetters.get(1).getRaw()).toString()).isEqualTo("{\"no_such_field\":1}");
    }

    @Test
    void onlyTheItemsAnswered429AreRetried() throws Exception {
        BulkIndexer indexer = indexer(EsTestNode.config(EsTestNode.url()).build());
        Instant day20 = Instant.parse("2026-11-20T14:00:00Z");
        Instant day21 = Instant.parse("2026-11-21T14:00:00Z");
        add(indexer, EsTestNode.l4(1, day20, 1, 1));
        indexer.flush();
        String blocked = prefix + "-2026.11.20";
        // the flood-stage disk block: 7.10 answers its items with 429, as when the node is overloaded
        EsTestNode.call("PUT", "/" + blocked + "/_settings", "{\"index.blocks.read_only_allow_delete\":true}");
        try {
            for (int i = 2; i <= 4; i++) {
                add(indexer, EsTestNode.l4(i, day20, i, 1));
                add(indexer, EsTestNode.l4(100 + i, day21, i, 1));
            }
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    indexer.flush();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            writer.start();
            long until = System.nanoTime() + 10_000_000_000L;
            while (indexer.retries() < 2 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(writer.isAlive()).isTrue();
            EsTestNode.call("PUT", "/" + blocked + "/_settings", "{\"index.blocks.read_only_allow_delete\":null}");
            writer.join(20_000);
            assertThat(failure.get()).isNull();
        } finally {
            EsTestNode.call("PUT", "/" + blocked + "/_settings", "{\"index.blocks.read_only_allow_delete\":null}");
        }
        assertThat(EsTestNode.count(prefix, null)).isEqualTo(7);
        assertThat(deadLetters).isEmpty();
        // the day-21 documents went through on the first request and were never sent again
        JsonNode versions = EsTestNode.call("POST", "/" + prefix + "-*/_search",
                "{\"version\":true,\"size\":20,\"query\":{\"match_all\":{}}}").path("hits").path("hits");
        versions.forEach(h -> assertThat(h.path("_version").asLong()).as(h.path("_id").asText()).isEqualTo(1));
        assertThat(indexer.requests()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void serverOutageBacksOffLosesNothingAndDuplicatesNothing() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(Integer.parseInt(EsTestNode.url().replaceAll(".*:", "")))) {
            BulkIndexer indexer = indexer(EsTestNode.config("http://127.0.0.1:" + proxy.port())
                    .batchDocuments(50).maxRetryTime(Duration.ofSeconds(60)).build());
            Instant t0 = Instant.parse("2026-11-20T12:00:00Z");
            for (int i = 0; i < 100; i++) {
                add(indexer, EsTestNode.l4(i, t0.plusMillis(i), i % 200, 1));
            }
            indexer.flush();

            proxy.cut();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 100; i < 300; i++) {
                        add(indexer, EsTestNode.l4(i, t0.plusMillis(i), i % 200, 1));
                    }
                    indexer.flush();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            writer.start();
            Thread.sleep(1500);
            assertThat(writer.isAlive()).as("the writer blocks (backpressure) while the server is away").isTrue();
            assertThat(indexer.retries()).isPositive();
            proxy.restore();
            writer.join(30_000);
            assertThat(writer.isAlive()).isFalse();
            assertThat(failure.get()).isNull();

            // a restart from the checkpoint before the outage replays the second half: same ids, overwritten
            for (int i = 100; i < 300; i++) {
                add(indexer, EsTestNode.l4(i, t0.plusMillis(i), i % 200, 1));
            }
            indexer.flush();
            assertThat(EsTestNode.count(prefix, null)).isEqualTo(300);
            assertThat(indexer.rejected()).isZero();
        }
    }

    @Test
    void templateInstallWaitsForAServerThatIsNotUpYet() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(Integer.parseInt(EsTestNode.url().replaceAll(".*:", "")))) {
            proxy.cut();
            ElasticsearchSinkConfig config = EsTestNode.config("http://127.0.0.1:" + proxy.port()).build();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread installer = new Thread(() -> {
                try {
                    IndexTemplates.install(new ElasticsearchHttp(config), docs, config);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            installer.start();
            Thread.sleep(1000);
            assertThat(installer.isAlive()).isTrue();
            proxy.restore();
            installer.join(20_000);
            assertThat(failure.get()).isNull();
            assertThat(EsTestNode.call("GET", "/_index_template/" + prefix, null).path("index_templates").size()).isEqualTo(1);
        }
    }

    @Test
    void serverAwayLongerThanTheRetryBudgetFailsClearly() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(Integer.parseInt(EsTestNode.url().replaceAll(".*:", "")))) {
            BulkIndexer indexer = indexer(EsTestNode.config("http://127.0.0.1:" + proxy.port())
                    .maxRetryTime(Duration.ofMillis(800)).build());
            proxy.cut();
            add(indexer, EsTestNode.l4(1, Instant.parse("2026-11-20T13:00:00Z"), 1, 1));
            assertThatThrownBy(indexer::flush).isInstanceOf(ElasticsearchSinkException.class)
                    .hasMessageContaining("gave up writing 1 documents to http://127.0.0.1:" + proxy.port())
                    .hasMessageContaining("last failure");
        }
    }
}
