package io.tapflow.metrics;

/**
 * A row of one tag set and bucket: the counters of its first firing, or, when late documents fire
 * it again within the allowed lateness, only what they added (so rows stay additive: the bucket's
 * value is the sum of its rows, the max for the *_max columns). A Flink POJO.
 */
public class MetricPartial {
    public MetricKey key;
    /** Bucket start, epoch seconds. */
    public long timeSec;
    /** Bucket length, seconds: 1 or 60. */
    public int period;
    public long[] sums;
    public long[] maxes;
    /** Active connections added by this row (see {@link MetricAccumulator}). */
    public long flowLoad;

    public MetricPartial() {}

    public long sum(int column) {
        return sums[column];
    }

    public long max(int column) {
        return maxes[column];
    }
}
