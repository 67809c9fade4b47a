package io.tapflow.sink.elasticsearch;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask's writer: serializes each element, buffers it in a {@link BulkIndexer}, sends on
 * size, on a processing-time timer and before every checkpoint ({@link #flush}).
 */
final class ElasticsearchSinkWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSinkWriter.class);
    private static final long RETENTION_PERIOD_MILLIS = 3_600_000L;

    private final DocumentSerializer<T> serializer;
    private final DeadLetterHandler deadLetters;
    private final BulkIndexer indexer;
    private final ProcessingTimeService timers;
    private final long flushIntervalMillis;
    private final Runnable retention;
    private long nextRetentionMillis;

    ElasticsearchSinkWriter(ElasticsearchSinkConfig config, DocumentSerializer<T> serializer,
                            DeadLetterHandler deadLetters, WriterInitContext context) throws IOException {
        this.serializer = serializer;
        this.deadLetters = deadLetters;
        ElasticsearchHttp http = new ElasticsearchHttp(config);
        if (config.installTemplates && serializer instanceof FlowLogDocuments<?> documents) {
            try {
                IndexTemplates.install(http, documents, config);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while installing the index template", e);
            }
        }
        this.indexer = new BulkIndexer(http, config, deadLetters);
        MetricGroup metrics = context.metricGroup().addGroup("elasticsearch");
        metrics.gauge("documentsIndexed", indexer::indexed);
        metrics.gauge("documentsDeadLettered", indexer::rejected);
        metrics.gauge("bulkRetries", indexer::retries);
        metrics.gauge("bulkRequests", indexer::requests);
        this.timers = context.getProcessingTimeService();
        this.flushIntervalMillis = config.flushInterval.toMillis();
        this.retention = retention(config, http, context.getTaskInfo().getIndexOfThisSubtask());
        retention.run();
        this.nextRetentionMillis = System.currentTimeMillis() + RETENTION_PERIOD_MILLIS;
        scheduleFlush();
    }

    private void scheduleFlush() {
        timers.registerTimer(timers.getCurrentProcessingTime() + flushIntervalMillis, now -> {
            indexer.flushIfDue();
            if (System.currentTimeMillis() >= nextRetentionMillis) {
                nextRetentionMillis = System.currentTimeMillis() + RETENTION_PERIOD_MILLIS;
                retention.run();
            }
            scheduleFlush();
        });
    }

    /** Subtask 0 deletes expired daily indices; a failure is logged, never fatal (housekeeping can wait an hour). */
    private Runnable retention(ElasticsearchSinkConfig config, ElasticsearchHttp http, int subtask) {
        if (config.retentionDays == 0 || subtask != 0 || !(serializer instanceof FlowLogDocuments<?> documents)) {
            return () -> { };
        }
        return () -> {
            try {
                IndexRetention.deleteOlderThan(http, documents.prefix(), config.retentionDays, LocalDate.now(ZoneOffset.UTC));
            } catch (IOException e) {
                LOG.warn("retention of {}-* failed; retrying in an hour", documents.prefix(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        indexer.add(serializer.index(element), serializer.id(element), serializer.source(element));
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        indexer.flush();
    }

    @Override
    public void close() throws Exception {
        // the JDK HTTP client releases its connections when collected; the handler may hold a producer
        deadLetters.close();
    }
}
