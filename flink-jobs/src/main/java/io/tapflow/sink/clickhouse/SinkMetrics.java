package io.tapflow.sink.clickhouse;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.SinkCommitterMetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * The sink's metrics, in a {@code clickhouse} sub-group of the operator: rows and batches written,
 * retries, and requests given up on. The writer also feeds Flink's standard sink metrics
 * (numRecordsSend, numBytesSend, numRecordsSendErrors, currentSendTime).
 */
final class SinkMetrics {
    static final String GROUP = "clickhouse";

    /** Writer side: one writer per subtask. */
    static final class Writer {
        final Counter rowsWritten;
        final Counter bytesWritten;
        final Counter batches;
        final Counter retries;
        final Counter failures;
        final Counter rowsFailed;
        volatile long lastSendMillis;
        private final MetricGroup group;

        private Writer(MetricGroup group, Counter records, Counter bytes, Counter recordErrors) {
            MetricGroup g = group.addGroup(GROUP);
            this.group = g;
            rowsWritten = g.counter("rowsWritten", records);
            bytesWritten = g.counter("bytesWritten", bytes);
            batches = g.counter("batches");
            retries = g.counter("retries");
            failures = g.counter("failures");
            rowsFailed = g.counter("rowsFailed", recordErrors);
            g.gauge("lastBatchMillis", () -> lastSendMillis);
        }

        /** Rows in memory: the batch being filled, and those queued or in flight. */
        void bufferedRowsGauge(BatchWriter writer) {
            group.gauge("bufferedRows", writer::bufferedRows);
        }

        static Writer of(SinkWriterMetricGroup group) {
            Writer w = new Writer(group, group.getNumRecordsSendCounter(), group.getNumBytesSendCounter(),
                    group.getNumRecordsSendErrorsCounter());
            group.setCurrentSendTimeGauge(() -> w.lastSendMillis);
            return w;
        }

        /** Counters that are not reported anywhere: for the core writer's tests. */
        static Writer unregistered() {
            return new Writer(new UnregisteredMetricsGroup(), new SimpleCounter(), new SimpleCounter(), new SimpleCounter());
        }
    }

    /** Committer side (exactly-once): one apply per staged epoch. */
    static final class Committer {
        final Counter commits;
        final Counter alreadyCommitted;
        final Counter rowsCommitted;
        final Counter retries;
        final Counter failures;

        private Committer(MetricGroup group) {
            MetricGroup g = group.addGroup(GROUP);
            commits = g.counter("commits");
            alreadyCommitted = g.counter("commitsAlreadyApplied");
            rowsCommitted = g.counter("rowsCommitted");
            retries = g.counter("commitRetries");
            failures = g.counter("commitFailures");
        }

        static Committer of(SinkCommitterMetricGroup group) {
            return new Committer(group);
        }
    }

    private SinkMetrics() {}
}
