package io.tapflow.sink.elasticsearch;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink Sink V2 writing a stream into Elasticsearch (7.10 through 9.x) or OpenSearch through the
 * bulk API. At-least-once: the writer flushes at every checkpoint, so nothing acknowledged by a
 * checkpoint is only in memory; with the deterministic ids of {@link FlowLogDocuments} a replay
 * overwrites, which makes the index content exactly-once.
 *
 * <pre>{@code
 * ElasticsearchSinkConfig config = ElasticsearchSinkConfig.builder("http://127.0.0.1:19200").build();
 * flows.sinkTo(ElasticsearchSink.of(config, FlowLogDocuments.l4(), deadLetterHandler)).name("elasticsearch: l4");
 * }</pre>
 */
public final class ElasticsearchSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final ElasticsearchSinkConfig config;
    private final DocumentSerializer<T> serializer;
    private final DeadLetterHandler deadLetters;

    public ElasticsearchSink(ElasticsearchSinkConfig config, DocumentSerializer<T> serializer, DeadLetterHandler deadLetters) {
        this.config = Objects.requireNonNull(config, "config");
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    public static <T> ElasticsearchSink<T> of(ElasticsearchSinkConfig config, DocumentSerializer<T> serializer, DeadLetterHandler deadLetters) {
        return new ElasticsearchSink<>(config, serializer, deadLetters);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new ElasticsearchSinkWriter<>(config, serializer, deadLetters, context);
    }
}
