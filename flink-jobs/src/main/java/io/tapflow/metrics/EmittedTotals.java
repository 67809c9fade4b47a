package io.tapflow.metrics;

/** What a window has emitted so far (window state kept only while late firings are possible). A Flink POJO. */
public class EmittedTotals {
    public long[] sums;
    public long[] maxes;
    public long flowLoad;
    public int peers;

    public EmittedTotals() {}
}
