package io.tapflow.metrics;

/** One open bucket (second or minute) of a tag set in {@link RollupFunction}'s state. A Flink POJO. */
public class Bucket {
    public MetricAccumulator acc = new MetricAccumulator();
    /** What the bucket's rows carried so far; null until its first row. */
    public EmittedTotals emitted;
    /** Documents or partials arrived since the last row (a late one makes the bucket fire again). */
    public boolean dirty;

    public Bucket() {}
}
