package io.tapflow.sink.clickhouse;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink side of a writer subtask: serializes elements into a {@link BatchWriter}, sends
 * batches on a processing-time timer, and waits for every batch at each checkpoint.
 *
 * <p>Exactly-once: batches go to the staging table, each row tagged with this subtask, the current
 * epoch (the id of the last checkpoint this writer snapshotted), this writer's random attempt id
 * and its row number; {@link #prepareCommit()} turns the epoch into a {@link StagedEpoch}.
 * At-least-once: batches go straight to the target, with an insert_deduplication_token per batch
 * where the server has the setting (so a retried batch is dropped by tables that deduplicate).
 */
final class ClickHouseSinkWriter<T> implements CommittingSinkWriter<T, StagedEpoch>, StatefulSinkWriter<T, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkWriter.class);
    private static final JsonRowWriter.Key K_SUBTASK = JsonRowWriter.Key.of(ExactlyOnceTables.SUBTASK);
    private static final JsonRowWriter.Key K_EPOCH = JsonRowWriter.Key.of(ExactlyOnceTables.EPOCH);
    private static final JsonRowWriter.Key K_ATTEMPT = JsonRowWriter.Key.of(ExactlyOnceTables.ATTEMPT);
    private static final JsonRowWriter.Key K_ROW = JsonRowWriter.Key.of(ExactlyOnceTables.ROW);

    private final ClickHouseRowSerializer<T> serializer;
    private final ClickHouseConnection connection;
    private final BatchWriter batches;
    private final ProcessingTimeService timers;
    private final long flushIntervalMillis;
    private final int subtask;
    /** Exactly-once only; null otherwise. */
    private final ExactlyOnceTables staging;
    private final long attempt = ThreadLocalRandom.current().nextLong() >>> 1;

    private long epoch;
    private long epochRows;
    /** Set by prepareCommit until the next snapshot: a row now would reuse the committed epoch. */
    private boolean epochClosed;

    ClickHouseSinkWriter(ClickHouseSinkConfig config, ClickHouseRowSerializer<T> serializer, WriterInitContext context)
            throws IOException {
        this.serializer = serializer;
        this.subtask = context.getTaskInfo().getIndexOfThisSubtask();
        this.timers = context.getProcessingTimeService();
        this.flushIntervalMillis = config.flushInterval().toMillis();
        String name = config.database() + "." + config.table() + "#" + subtask;
        RetryPolicy retry = config.retryPolicy();
        SinkMetrics.Writer metrics = SinkMetrics.Writer.of(context.metricGroup());
        this.connection = ClickHouseConnection.open(config);
        try {
            ServerVersion server = retry.run(name + ": server version", connection::serverVersion, metrics.retries::inc);
            TableColumns target = retry.run(name + ": describe table", () -> connection.describe(config.database(), config.table()),
                    metrics.retries::inc);
            serializer.open(target);
            BatchWriter.Sender sender;
            if (config.exactlyOnce()) {
                this.epoch = context.getRestoredCheckpointId().orElse(0L);
                this.staging = retry.run(name + ": create staging tables",
                        () -> ExactlyOnceTables.create(connection, config, target, server), metrics.retries::inc);
                int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
                retry.run(name + ": drop uncommitted staged rows", () -> {
                    staging.dropUncommitted(connection, subtask, parallelism, epoch);
                    return null;
                }, metrics.retries::inc);
                String table = staging.stageTable();
                sender = (batch, seq) -> connection.insert(table, batch, Map.of());
            } else {
                this.staging = null;
                String table = Sql.id(config.database(), config.table());
                String tokenPrefix = config.sinkId() + "-" + subtask + "-" + Long.toHexString(attempt) + "-";
                boolean tokens = server.hasInsertDeduplicationToken();
                sender = (batch, seq) -> connection.insert(table, batch,
                        tokens ? Map.of("insert_deduplication_token", tokenPrefix + seq) : Map.of());
            }
            this.batches = new BatchWriter(name, config.batchRows(), config.batchBytes(), config.maxBufferedRows(), retry,
                    sender, metrics);
            metrics.bufferedRowsGauge(batches);
            LOG.info("{}: writing to ClickHouse {} at {}, {}", name, server, config.endpoint(),
                    staging != null ? "exactly-once from epoch " + epoch : "at-least-once");
        } catch (InterruptedException e) {
            connection.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening " + name, e);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
        scheduleFlush();
    }

    private void scheduleFlush() {
        timers.registerTimer(timers.getCurrentProcessingTime() + flushIntervalMillis, now -> {
            batches.flushAsync();
            scheduleFlush();
        });
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        if (epochClosed) {
            throw new IllegalStateException("element after prepareCommit and before the checkpoint snapshot");
        }
        JsonRowWriter row = batches.beginRow();
        try {
            if (staging != null) {
                row.key(K_SUBTASK).longValue(subtask).key(K_EPOCH).longValue(epoch)
                        .key(K_ATTEMPT).longValue(attempt).key(K_ROW).longValue(epochRows);
            }
            serializer.serialize(element, row);
        } catch (RuntimeException e) {
            batches.abortRow();
            throw new IOException("cannot serialize a " + element.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        batches.endRow();
        epochRows++;
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        batches.flush();
    }

    @Override
    public Collection<StagedEpoch> prepareCommit() throws IOException, InterruptedException {
        if (staging == null) {
            return List.of();
        }
        batches.flush();
        if (epochRows == 0) {
            return List.of();
        }
        epochClosed = true;
        return List.of(staging.epoch(subtask, epoch, attempt, epochRows, UUID.randomUUID().toString()));
    }

    /**
     * The writer keeps no state of its own; Sink V2 hands the checkpoint id to writers only here,
     * and it becomes the next epoch's number.
     */
    @Override
    public List<Void> snapshotState(long checkpointId) {
        if (staging != null) {
            if (epochRows > 0 && !epochClosed) {
                throw new IllegalStateException("checkpoint " + checkpointId + " without prepareCommit for epoch " + epoch);
            }
            epoch = checkpointId;
            epochRows = 0;
            epochClosed = false;
        }
        return List.of();
    }

    @Override
    public void close() throws Exception {
        try {
            batches.close();
        } finally {
            connection.close();
        }
    }
}
