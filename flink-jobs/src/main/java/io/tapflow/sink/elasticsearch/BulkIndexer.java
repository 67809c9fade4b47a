package io.tapflow.sink.elasticsearch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapflow.deadletter.DeadLetters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers documents and writes them with the {@code _bulk} API, which Elasticsearch 7.10 through
 * 9.x and OpenSearch share ({@code index} actions with {@code _index} and {@code _id}, no type).
 *
 * <p>Requests are sent on the caller's thread, one at a time: while a bulk request is in flight or
 * being retried the caller blocks, which is the sink's backpressure (at most one request in
 * flight and one buffer of {@code batchDocuments}/{@code batchBytes} per writer). Per item:
 * <ul>
 *   <li>2xx: written;</li>
 *   <li>429 and 5xx (rejected execution, shard unavailable): retried, only those items, after a
 *       backoff;</li>
 *   <li>any other status (mapping errors, bad values): rejected for good, handed to the
 *       {@link DeadLetterHandler} with the server's reason.</li>
 * </ul>
 * A request that fails as a whole (connection refused or reset, timeout, HTTP 429/5xx) is retried
 * with backoff; after {@code maxRetryTime} without success the indexer throws
 * {@link ElasticsearchSinkException} and the job restarts from its last checkpoint. Ids are
 * deterministic, so a retried or replayed document overwrites its earlier copy.
 */
final class BulkIndexer {
    private static final Logger LOG = LoggerFactory.getLogger(BulkIndexer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();
    static final String COMPONENT = "elasticsearch-sink";

    private record Item(String index, String id, byte[] source) {}

    private final ElasticsearchHttp http;
    private final ElasticsearchSinkConfig config;
    private final DeadLetterHandler deadLetters;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(1 << 16);
    private List<Item> buffer = new ArrayList<>();
    private long bufferedBytes;
    private long firstBufferedAt;

    private long indexed;
    private long rejected;
    private long retries;
    private long requests;

    BulkIndexer(ElasticsearchHttp http, ElasticsearchSinkConfig config, DeadLetterHandler deadLetters) {
        this.http = http;
        this.config = config;
        this.deadLetters = deadLetters;
    }

    /** Buffers one document; sends the buffer when it reaches the batch size in documents or bytes. */
    void add(String index, String id, byte[] source) throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            firstBufferedAt = System.nanoTime();
        }
        buffer.add(new Item(index, id, source));
        bufferedBytes += source.length + index.length() + id.length() + 48;
        if (buffer.size() >= config.batchDocuments || bufferedBytes >= config.batchBytes) {
            flush();
        }
    }

    /** Sends the buffer when its oldest document has waited a flush interval. */
    void flushIfDue() throws IOException, InterruptedException {
        if (!buffer.isEmpty() && System.nanoTime() - firstBufferedAt >= config.flushInterval.toNanos()) {
            flush();
        }
    }

    /** Sends everything buffered and returns once each document is written or dead-lettered. */
    void flush() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        List<Item> batch = buffer;
        buffer = new ArrayList<>();
        bufferedBytes = 0;
        write(batch);
    }

    int buffered() {
        return buffer.size();
    }

    long indexed() {
        return indexed;
    }

    long rejected() {
        return rejected;
    }

    long retries() {
        return retries;
    }

    long requests() {
        return requests;
    }

    private void write(List<Item> batch) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + config.maxRetryTime.toNanos();
        long backoff = config.backoffInitial.toNanos();
        List<Item> pending = batch;
        while (true) {
            String failure;
            ElasticsearchHttp.Response r;
            try {
                requests++;
                r = http.send("POST", "/_bulk", encode(pending));
            } catch (IOException e) { // server down or connection lost: the whole request again
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                backoff = waitOrGiveUp(pending, deadline, backoff, failure, e);
                continue;
            }
            if (r.status() == 200) {
                pending = handleItems(pending, JSON.readTree(r.body()));
                if (pending.isEmpty()) {
                    return;
                }
                failure = pending.size() + " items answered 429/5xx";
            } else if (r.status() == 429 || r.status() >= 500) {
                failure = "HTTP " + r.status() + " " + abbreviate(r.text());
            } else {
                throw new ElasticsearchSinkException("bulk request of " + pending.size() + " documents refused by "
                        + http.url() + ": HTTP " + r.status() + " " + abbreviate(r.text()));
            }
            backoff = waitOrGiveUp(pending, deadline, backoff, failure, null);
        }
    }

    private long waitOrGiveUp(List<Item> pending, long deadline, long backoff, String failure, Throwable cause)
            throws ElasticsearchSinkException, InterruptedException {
        long wait = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        if (System.nanoTime() + wait > deadline) {
            throw new ElasticsearchSinkException("gave up writing " + pending.size() + " documents to " + http.url()
                    + " after retrying for " + config.maxRetryTime + "; last failure: " + failure, cause);
        }
        retries++;
        LOG.warn("bulk write to {} failed ({}); retrying {} documents in {} ms", http.url(), failure, pending.size(), wait / 1_000_000);
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        return Math.min(backoff * 2, config.backoffMax.toNanos());
    }

    /** Counts the written items, dead-letters the rejected ones, returns those to retry. */
    private List<Item> handleItems(List<Item> sent, JsonNode response) throws IOException {
        if (!response.path("errors").asBoolean(true)) {
            indexed += sent.size();
            return List.of();
        }
        JsonNode items = response.path("items");
        if (items.size() != sent.size()) {
            throw new ElasticsearchSinkException("bulk response has " + items.size() + " items for " + sent.size() + " actions");
        }
        List<Item> retry = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            JsonNode result = items.get(i).elements().next(); // {"index": {...}}
            int status = result.path("status").asInt();
            Item item = sent.get(i);
            if (status / 100 == 2) {
                indexed++;
            } else if (status == 429 || status >= 500) {
                retry.add(item);
            } else {
                rejected++;
                JsonNode error = result.path("error");
                String reason = "elasticsearch rejected document " + item.index() + "/" + item.id() + ": HTTP " + status
                        + " " + error.path("type").asText() + ": " + error.path("reason").asText()
                        + (error.has("caused_by") ? " (caused by " + error.path("caused_by").path("type").asText() + ": "
                        + error.path("caused_by").path("reason").asText() + ")" : "");
                try {
                    deadLetters.accept(DeadLetters.fromFile(COMPONENT, "", -1, DeadLetters.OTHER, reason, item.source()));
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException("dead-letter handler failed for " + item.index() + "/" + item.id(), e);
                }
            }
        }
        return retry;
    }

    private byte[] encode(List<Item> items) throws IOException {
        body.reset();
        for (Item item : items) {
            try (JsonGenerator g = FACTORY.createGenerator(body)) {
                g.writeStartObject();
                g.writeObjectFieldStart("index");
                g.writeStringField("_index", item.index());
                g.writeStringField("_id", item.id());
                g.writeEndObject();
                g.writeEndObject();
            }
            body.write('\n');
            body.write(item.source());
            body.write('\n');
        }
        return body.toByteArray();
    }

    private static String abbreviate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "...";
    }
}
