package io.tapflow.it.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.http.HttpHost;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tapflow.stack.StackEndpoints;

/**
 * Index and search on the local Elasticsearch 7.10 node through the low-level REST client. Bodies go
 * out as plain application/json: the 8.x/9.x API clients' compatible-with=8 media type gets a 406 from 7.10.
 */
@Tag("stack")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ElasticsearchRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String index = "it-es-" + UUID.randomUUID();
    private RestClient client;

    @BeforeEach
    void connect() {
        client = RestClient.builder(HttpHost.create(StackEndpoints.fromEnvironment().elasticsearchUrl())).build();
    }

    @AfterEach
    void cleanUp() throws IOException {
        try {
            client.performRequest(new Request("DELETE", "/" + index + "?ignore_unavailable=true"));
        } finally {
            client.close();
        }
    }

    @Test
    void anIndexedDocumentIsFoundBySearch() throws IOException {
        Request create = new Request("PUT", "/" + index);
        create.setJsonEntity("""
                {"settings": {"number_of_shards": 1, "number_of_replicas": 0},
                 "mappings": {"dynamic": "strict", "properties": {
                   "flow_id": {"type": "long"}, "ip4_0": {"type": "ip"}, "l7_protocol": {"type": "keyword"}}}}""");
        assertThat(status(client.performRequest(create))).isEqualTo(200);

        index(1, 101, "10.0.0.1", "HTTP");
        index(2, 102, "10.0.0.2", "DNS");

        Request search = new Request("GET", "/" + index + "/_search");
        search.setJsonEntity("""
                {"query": {"term": {"l7_protocol": "DNS"}}}""");
        JsonNode hits = body(client.performRequest(search)).path("hits");

        assertThat(hits.path("total").path("value").asInt()).isEqualTo(1);
        JsonNode source = hits.path("hits").get(0).path("_source");
        assertThat(source.path("flow_id").asLong()).isEqualTo(102);
        assertThat(source.path("ip4_0").asText()).isEqualTo("10.0.0.2");
    }

    private void index(int id, long flowId, String ip, String protocol) throws IOException {
        Request request = new Request("PUT", "/" + index + "/_doc/" + id);
        // searchable as soon as the call returns
        request.addParameter("refresh", "true");
        request.setJsonEntity(JSON.createObjectNode()
                .put("flow_id", flowId).put("ip4_0", ip).put("l7_protocol", protocol).toString());
        assertThat(status(client.performRequest(request))).isEqualTo(201);
    }

    private static int status(Response response) {
        return response.getStatusLine().getStatusCode();
    }

    private static JsonNode body(Response response) throws IOException {
        return JSON.readTree(EntityUtils.toString(response.getEntity()));
    }
}
