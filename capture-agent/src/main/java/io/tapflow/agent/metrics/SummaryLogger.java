package io.tapflow.agent.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one summary line per interval: totals and rates since the previous line, drops by reason,
 * Kafka errors, flow table size. Operators read this when there is no Prometheus.
 */
public final class SummaryLogger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SummaryLogger.class);

    private final MetricsRegistry registry;
    private final ScheduledExecutorService timer;
    private MetricsSnapshot previous;
    private long previousNanos;

    private SummaryLogger(MetricsRegistry registry) {
        this.registry = registry;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-log");
            t.setDaemon(true);
            return t;
        });
        this.previous = registry.snapshot();
        this.previousNanos = System.nanoTime();
    }

    public static SummaryLogger start(MetricsRegistry registry, Duration interval) {
        SummaryLogger logger = new SummaryLogger(registry);
        long ms = interval.toMillis();
        logger.timer.scheduleAtFixedRate(logger::logNow, ms, ms, TimeUnit.MILLISECONDS);
        return logger;
    }

    /** Logs a line now (also used for the final line at shutdown). */
    public synchronized void logNow() {
        try {
            MetricsSnapshot now = registry.snapshot();
            long nanos = System.nanoTime();
            LOG.info(line(previous, now, (nanos - previousNanos) / 1e9));
            previous = now;
            previousNanos = nanos;
        } catch (RuntimeException e) {
            LOG.warn("metrics summary failed", e);
        }
    }

    /** The summary text for the change from {@code before} to {@code after} over {@code seconds}. */
    public static String line(MetricsSnapshot before, MetricsSnapshot after, double seconds) {
        double dt = Math.max(seconds, 1e-3);
        StringBuilder sb = new StringBuilder(256);
        double pkts = after.total(MetricNames.PACKETS_CAPTURED);
        sb.append("captured ").append(count(pkts)).append(" pkts (")
                .append(rate(pkts - before.total(MetricNames.PACKETS_CAPTURED), dt)).append("/s, ")
                .append(bytes(after.total(MetricNames.BYTES_CAPTURED))).append(')');
        sb.append(", decoded ").append(count(after.total(MetricNames.PACKETS_DECODED)));
        double dup = after.total(MetricNames.PACKETS_DUPLICATE);
        if (dup > 0) {
            sb.append(", duplicates ").append(count(dup));
        }
        sb.append(", dropped ");
        Map<String, Double> drops = after.totalsBy(MetricNames.PACKETS_DROPPED, MetricNames.REASON);
        boolean any = false;
        for (Map.Entry<String, Double> e : drops.entrySet()) {
            if (e.getValue() > 0) {
                sb.append(any ? " " : "").append(e.getKey()).append('=').append(count(e.getValue()));
                any = true;
            }
        }
        if (!any) {
            sb.append('0');
        }
        double batches = after.total(MetricNames.BATCHES_BUILT);
        sb.append(", batches ").append(count(batches)).append(" (")
                .append(rate(batches - before.total(MetricNames.BATCHES_BUILT), dt)).append("/s)");
        sb.append(" sent ").append(count(after.total(MetricNames.BATCHES_SENT)));
        double errors = after.total(MetricNames.KAFKA_ERRORS);
        sb.append(", kafka errors ").append(count(errors));
        if (errors > 0) {
            sb.append(" (");
            boolean first = true;
            for (Map.Entry<String, Double> e : after.totalsBy(MetricNames.KAFKA_ERRORS, MetricNames.TYPE).entrySet()) {
                if (e.getValue() > 0) {
                    sb.append(first ? "" : " ").append(e.getKey()).append('=').append(count(e.getValue()));
                    first = false;
                }
            }
            sb.append(')');
        }
        sb.append(", flows active ").append(count(after.total(MetricNames.FLOWS_ACTIVE)))
                .append(" evicted ").append(count(after.total(MetricNames.FLOWS_EVICTED)));
        return sb.toString();
    }

    private static String count(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String rate(double delta, double seconds) {
        double r = delta / seconds;
        if (r >= 1e6) return String.format(Locale.ROOT, "%.2fM", r / 1e6);
        if (r >= 1e3) return String.format(Locale.ROOT, "%.1fk", r / 1e3);
        return String.format(Locale.ROOT, "%.0f", r);
    }

    private static String bytes(double b) {
        if (b >= 1 << 30) return String.format(Locale.ROOT, "%.2f GiB", b / (1 << 30));
        if (b >= 1 << 20) return String.format(Locale.ROOT, "%.1f MiB", b / (1 << 20));
        if (b >= 1 << 10) return String.format(Locale.ROOT, "%.1f KiB", b / (1 << 10));
        return String.format(Locale.ROOT, "%.0f B", b);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
