package io.tapflow.sink.clickhouse;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bounded retries with exponential backoff and jitter; permanent errors are not retried. */
final class RetryPolicy implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    private final int maxRetries;
    private final long initialMillis;
    private final long maxMillis;

    RetryPolicy(int maxRetries, Duration initial, Duration max) {
        this.maxRetries = maxRetries;
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** One attempt of the operation. */
    interface Attempt<R> {
        R run() throws Exception;
    }

    /**
     * Runs {@code attempt} until it succeeds, fails permanently, or has failed {@code maxRetries + 1}
     * times; {@code onRetry} runs before each retry (metrics).
     */
    <R> R run(String what, Attempt<R> attempt, Runnable onRetry) throws ClickHouseSinkException, InterruptedException {
        for (int retry = 0; ; retry++) {
            try {
                return attempt.run();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (!ClickHouseErrors.isTransient(e)) {
                    throw new ClickHouseSinkException(what + " failed with a permanent error (not retried): "
                            + ClickHouseErrors.describe(e), ClickHouseErrors.unwrap(e));
                }
                if (retry >= maxRetries) {
                    throw new ClickHouseSinkException(what + " failed after " + (retry + 1) + " attempts: "
                            + ClickHouseErrors.describe(e), ClickHouseErrors.unwrap(e));
                }
                long delay = backoffMillis(retry);
                LOG.warn("{} failed (attempt {} of {}), retrying in {} ms: {}",
                        what, retry + 1, maxRetries + 1, delay, ClickHouseErrors.describe(e));
                onRetry.run();
                Thread.sleep(delay);
            }
        }
    }

    /** initial * 2^retry capped at max, then a random point in its upper half (spreads retrying subtasks). */
    long backoffMillis(int retry) {
        long d = retry >= 62 ? maxMillis : Math.min(maxMillis, initialMillis << Math.min(retry, 30));
        return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
    }
}
