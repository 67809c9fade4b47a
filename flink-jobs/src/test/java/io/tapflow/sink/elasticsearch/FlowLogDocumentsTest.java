package io.tapflow.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.L7FlowLog;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Documents, ids, index names and the template's mapping, without a server. */
class FlowLogDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void l4DocumentRendersAddressesAndMicrosecondTimes() throws Exception {
        FlowLogDocuments<L4FlowLog> docs = FlowLogDocuments.l4();
        L4FlowLog r = EsTestNode.l4(42, Instant.parse("2026-11-20T23:59:59.999999Z"), 3, 2);
        JsonNode doc = JSON.readTree(docs.source(r));
        assertThat(doc.path("ip_0").asText()).isEqualTo("10.1.2.3");
        assertThat(doc.path("ip_1").asText()).isEqualTo("10.9.9.9");
        assertThat(doc.path("start_time").asText()).isEqualTo("2026-11-20T23:59:59.999999Z");
        assertThat(doc.path("end_time").asText()).isEqualTo("2026-11-21T00:00:00.249999Z");
        assertThat(doc.has("ip4_0")).isFalse();
        assertThat(doc.has("ip6_0")).isFalse();
        assertThat(docs.id(r)).isEqualTo("42-" + (Instant.parse("2026-11-20T23:59:59Z").getEpochSecond() * 1_000_000L + 999_999));
        assertThat(docs.index(r)).isEqualTo("tapflow-l4-2026.11.21"); // the day of `time`, the end of the period
        assertThat(docs.withPrefix("prod-l4").index(r)).isEqualTo("prod-l4-2026.11.21");
    }

    @Test
    void ipv6AddressesInRfc5952Text() throws Exception {
        JsonNode doc = JSON.readTree(FlowLogDocuments.l4().source(EsTestNode.l4v6(1, Instant.parse("2026-11-20T00:00:00Z"))));
        assertThat(doc.path("ip_0").asText()).isEqualTo("2001:db8::1");
        assertThat(doc.path("ip_1").asText()).isEqualTo("2001:db8::2");
        assertThat(v6(0, 0, 0, 0, 0, 0, 0, 0)).isEqualTo("::");
        assertThat(v6(0, 0, 0, 0, 0, 0, 0, 1)).isEqualTo("::1");
        assertThat(v6(0xfe80, 0, 0, 0, 0x1, 0, 0, 0)).isEqualTo("fe80::1:0:0:0");
        assertThat(v6(1, 0, 2, 0, 0, 3, 0, 0)).isEqualTo("1:0:2::3:0:0");
        assertThat(v6(1, 2, 3, 4, 5, 6, 7, 0)).isEqualTo("1:2:3:4:5:6:7:0");
        assertThat(v6(0, 0, 0, 0, 0, 0xffff, 0x0a00, 1)).isEqualTo("::ffff:a00:1");
    }

    private static String v6(int... groups) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
        for (int g : groups) {
            b.putShort((short) g);
        }
        return AvroDocumentLayout.ipv6(b.flip());
    }

    @Test
    void l7IdsCarryTheStream() {
        Instant t = Instant.parse("2026-11-20T10:00:00.000001Z");
        L7FlowLog a = L7FlowLog.newBuilder().setTime(t.getEpochSecond()).setStartTime(t).setEndTime(t).setFlowId(9).setStreamId(1).build();
        L7FlowLog b = L7FlowLog.newBuilder(a).setStreamId(3).build();
        FlowLogDocuments<L7FlowLog> docs = FlowLogDocuments.l7();
        assertThat(docs.id(a)).isEqualTo("9-" + (t.getEpochSecond() * 1_000_000L + 1) + "-1");
        assertThat(docs.id(b)).isNotEqualTo(docs.id(a));
        assertThat(docs.index(a)).isEqualTo("tapflow-l7-2026.11.20");
    }

    @Test
    void mappingIsStrictAndCoversEveryDocumentField() throws Exception {
        FlowLogDocuments<L4FlowLog> docs = FlowLogDocuments.l4();
        JsonNode mappings = docs.layout().mappings(JSON);
        assertThat(mappings.path("dynamic").asText()).isEqualTo("strict");
        JsonNode doc = JSON.readTree(docs.source(EsTestNode.l4(1, Instant.parse("2026-11-20T00:00:00Z"), 1, 1)));
        Set<String> missing = new HashSet<>();
        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!mappings.path("properties").has(f)) {
                missing.add(f);
            }
        }
        assertThat(missing).isEmpty();
        assertThat(mappings.path("properties").path("group_ids_0").path("type").asText()).isEqualTo("integer");
        assertThat(mappings.path("properties").path("tunnel_rx_ip_1").path("type").asText()).isEqualTo("ip");
    }

    @Test
    void templateNamesItsPatternAndSettings() {
        ElasticsearchSinkConfig config = ElasticsearchSinkConfig.builder("http://es:9200/").shardsAndReplicas(2, 0).build();
        JsonNode t = IndexTemplates.composable(FlowLogDocuments.l7(), config);
        assertThat(t.path("index_patterns").get(0).asText()).isEqualTo("tapflow-l7-*");
        assertThat(t.path("template").path("settings").path("number_of_shards").asInt()).isEqualTo(2);
        assertThat(IndexTemplates.legacy(FlowLogDocuments.l7(), config).path("mappings").path("dynamic").asText()).isEqualTo("strict");
        assertThat(config.url()).isEqualTo("http://es:9200");
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> ElasticsearchSinkConfig.builder("es:9200")).hasMessageContaining("http://");
        assertThatThrownBy(() -> FlowLogDocuments.l4().withPrefix("Tapflow")).hasMessageContaining("lower case");
        assertThatThrownBy(() -> ElasticsearchSinkConfig.builder("http://x").batchDocuments(0)).hasMessageContaining("batchDocuments");
    }
}
