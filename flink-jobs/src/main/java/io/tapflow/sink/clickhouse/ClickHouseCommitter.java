package io.tapflow.sink.clickhouse;

import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies staged epochs once their checkpoint has completed (and again after a restore, which
 * {@link ExactlyOnceTables#commit} makes harmless). A commit that cannot be done, after retries,
 * fails the job: the committable stays in the checkpoint and is applied after the restart.
 */
final class ClickHouseCommitter implements Committer<StagedEpoch> {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseCommitter.class);

    private final ClickHouseSinkConfig config;
    private final RetryPolicy retry;
    private final SinkMetrics.Committer metrics;
    private ClickHouseConnection connection;

    ClickHouseCommitter(ClickHouseSinkConfig config, SinkMetrics.Committer metrics) {
        this.config = config;
        this.retry = config.retryPolicy();
        this.metrics = metrics;
    }

    @Override
    public void commit(Collection<CommitRequest<StagedEpoch>> requests) throws IOException, InterruptedException {
        for (CommitRequest<StagedEpoch> request : requests) {
            StagedEpoch e = request.getCommittable();
            String what = "commit of " + e.rows() + " rows of " + e.sinkId() + " (subtask " + e.subtask() + ", epoch " + e.epoch() + ")";
            try {
                ExactlyOnceTables.Outcome outcome = retry.run(what, () -> ExactlyOnceTables.commit(connection(), e), metrics.retries::inc);
                if (outcome == ExactlyOnceTables.Outcome.ALREADY_APPLIED) {
                    LOG.info("{}: already applied", what);
                    metrics.alreadyCommitted.inc();
                    request.signalAlreadyCommitted();
                } else {
                    metrics.commits.inc();
                    metrics.rowsCommitted.inc(e.rows());
                }
            } catch (ClickHouseSinkException ex) {
                metrics.failures.inc();
                request.signalFailedWithUnknownReason(ex);
            }
        }
    }

    private ClickHouseConnection connection() {
        if (connection == null) {
            connection = ClickHouseConnection.open(config);
        }
        return connection;
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
