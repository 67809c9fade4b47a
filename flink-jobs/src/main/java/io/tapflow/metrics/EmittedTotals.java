package io.tapflow.metrics;

/** What a bucket's rows carried so far (kept only while late input is possible). A Flink POJO. */
public class EmittedTotals {
    public long[] sums;
    public long[] maxes;
    public long flowLoad;

    public EmittedTotals() {}
}
