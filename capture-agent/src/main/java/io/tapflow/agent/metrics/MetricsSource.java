package io.tapflow.agent.metrics;

/**
 * Something that reports metrics when asked. Sources read their own counters at collection time, so
 * hot paths only bump plain fields and never touch the registry.
 */
@FunctionalInterface
public interface MetricsSource {
    void collect(MetricsSnapshot out);
}
