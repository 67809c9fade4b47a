package io.tapflow.tools.metrics;

/**
 * How a base metric's per-bucket value is formed and which operators apply (manual part-1 §3.1,
 * part-2 §2.3; the choices the manual leaves open are in docs/metrics.md).
 */
public enum MetricKind {
    /**
     * A count per bucket (packets, bytes, flows, retransmissions, ...). Buckets without rows count
     * as 0. Sum and StdDev work on the counts; Avg, Max, Min, Percentile, Spread and RSpread on the
     * per-second rate (count / period, bits for bytes).
     */
    COUNTER,
    /** Active connections per bucket (flow_load): buckets without rows are 0; no Sum (not additive over time), no rate. */
    LOAD,
    /** A latency per bucket: sum / count (averages) or the bucket's max; buckets without samples have no value. No Sum. */
    LATENCY,
    /** numerator / denominator per bucket (%, or bytes for bpp); buckets with a zero denominator have no value. Sum = the cumulative ratio. */
    RATIO
}
