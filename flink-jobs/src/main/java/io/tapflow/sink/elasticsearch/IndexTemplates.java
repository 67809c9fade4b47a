package io.tapflow.sink.elasticsearch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the index template of a flow log ({@code <prefix>-*}): composable
 * {@code PUT _index_template/<prefix>} (Elasticsearch 7.8+ through 9.x, OpenSearch 1.x+), falling
 * back to the legacy {@code PUT _template/<prefix>} on servers without it. Overwriting is
 * idempotent, so every writer installs it on start; existing daily indices keep their mapping,
 * the next day's index gets the new one.
 */
public final class IndexTemplates {
    private static final Logger LOG = LoggerFactory.getLogger(IndexTemplates.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Above the 7.x/8.x built-in templates (100-200 apply to logs-*-* and similar, which never match ours). */
    static final int PRIORITY = 500;

    private IndexTemplates() {}

    /** The composable template body. */
    static ObjectNode composable(FlowLogDocuments<?> documents, ElasticsearchSinkConfig config) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("index_patterns").add(documents.prefix() + "-*");
        body.put("priority", PRIORITY);
        ObjectNode template = body.putObject("template");
        settings(template, config);
        template.set("mappings", documents.layout().mappings(JSON));
        body.putObject("_meta").put("managed_by", "tapflow").put("schema", documents.schema().getFullName());
        return body;
    }

    /** The legacy template body (same settings and mappings). */
    static ObjectNode legacy(FlowLogDocuments<?> documents, ElasticsearchSinkConfig config) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("index_patterns").add(documents.prefix() + "-*");
        body.put("order", PRIORITY);
        settings(body, config);
        body.set("mappings", documents.layout().mappings(JSON));
        return body;
    }

    private static void settings(ObjectNode parent, ElasticsearchSinkConfig config) {
        parent.putObject("settings")
                .put("number_of_shards", config.shards)
                .put("number_of_replicas", config.replicas);
    }

    /** Installs the template; throws with the server's answer when it refuses both forms. */
    public static void install(FlowLogDocuments<?> documents, ElasticsearchSinkConfig config) throws IOException, InterruptedException {
        install(new ElasticsearchHttp(config), documents, config);
    }

    /**
     * Installs the template, waiting with backoff (up to {@code maxRetryTime}) while the server is
     * unreachable or answers 429/5xx, so a job started before Elasticsearch does not crash-loop.
     */
    static void install(ElasticsearchHttp http, FlowLogDocuments<?> documents, ElasticsearchSinkConfig config)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + config.maxRetryTime.toNanos();
        long backoff = config.backoffInitial.toNanos();
        while (true) {
            String failure;
            try {
                ElasticsearchHttp.Response r = installOnce(http, documents, config);
                if (r == null) {
                    return;
                }
                failure = "HTTP " + r.status() + " " + r.text();
            } catch (ElasticsearchSinkException e) {
                throw e;
            } catch (IOException e) {
                failure = e.toString();
            }
            long wait = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
            if (System.nanoTime() + wait > deadline) {
                throw new ElasticsearchSinkException("could not install index template " + documents.prefix() + " on "
                        + http.url() + " within " + config.maxRetryTime + "; last failure: " + failure);
            }
            LOG.warn("installing index template {} on {} failed ({}); retrying in {} ms", documents.prefix(), http.url(), failure, wait / 1_000_000);
            Thread.sleep(wait / 1_000_000);
            backoff = Math.min(backoff * 2, config.backoffMax.toNanos());
        }
    }

    /** Null when installed; the response when it is worth retrying (429/5xx); throws when refused. */
    private static ElasticsearchHttp.Response installOnce(ElasticsearchHttp http, FlowLogDocuments<?> documents,
                                                          ElasticsearchSinkConfig config) throws IOException, InterruptedException {
        String name = documents.prefix();
        ElasticsearchHttp.Response r = http.send("PUT", "/_index_template/" + name,
                JSON.writeValueAsBytes(composable(documents, config)));
        if (r.status() / 100 == 2) {
            return null;
        }
        if (retryable(r)) {
            return r;
        }
        if (r.status() == 404 || r.status() == 405 || (r.status() == 400 && r.text().contains("no handler"))) {
            LOG.info("{} has no composable index templates ({}); installing legacy template {}", http.url(), r.status(), name);
            r = http.send("PUT", "/_template/" + name, JSON.writeValueAsBytes(legacy(documents, config)));
            if (r.status() / 100 == 2) {
                return null;
            }
            if (retryable(r)) {
                return r;
            }
        }
        throw new ElasticsearchSinkException("index template " + name + " refused by " + http.url()
                + ": HTTP " + r.status() + " " + r.text());
    }

    private static boolean retryable(ElasticsearchHttp.Response r) {
        return r.status() == 429 || r.status() >= 500;
    }
}
