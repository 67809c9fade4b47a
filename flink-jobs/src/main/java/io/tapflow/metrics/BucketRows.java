package io.tapflow.metrics;

/**
 * Rows of a bucket: the first row carries everything; a later one, after late input within the
 * allowed lateness, only the difference to what was emitted (counters as differences, each *_max
 * only if it grew, active connections as the number of new distinct 4-tuples). So every row is a
 * partial aggregate and a bucket's value is the sum of its rows (max for *_max); nothing is counted twice.
 */
final class BucketRows {
    private BucketRows() {}

    /**
     * The next row of {@code b}, or null when late input changed nothing.
     *
     * @param flowLoad   the bucket's active connections so far (1 s: active peers; 1 min: all peers)
     * @param keepTotals whether more rows may follow (allowed lateness &gt; 0): remember what was emitted
     */
    static MetricPartial next(MetricKey key, long timeSec, int period, Bucket b, long flowLoad, boolean keepTotals) {
        MetricAccumulator acc = b.acc;
        MetricPartial p = new MetricPartial();
        p.key = key;
        p.timeSec = timeSec;
        p.period = period;
        p.flowLoad = flowLoad;
        EmittedTotals emitted = b.emitted;
        if (emitted == null) {
            p.sums = acc.sums.clone();
            p.maxes = acc.maxes.clone();
            if (keepTotals) {
                emitted = new EmittedTotals();
                emitted.sums = acc.sums.clone();
                emitted.maxes = acc.maxes.clone();
            }
        } else {
            boolean changed = false;
            p.sums = new long[acc.sums.length];
            for (int i = 0; i < p.sums.length; i++) {
                p.sums[i] = acc.sums[i] - emitted.sums[i];
                changed |= p.sums[i] != 0;
                emitted.sums[i] = acc.sums[i];
            }
            p.maxes = new long[acc.maxes.length];
            for (int i = 0; i < p.maxes.length; i++) {
                if (acc.maxes[i] > emitted.maxes[i]) {
                    p.maxes[i] = acc.maxes[i];
                    emitted.maxes[i] = acc.maxes[i];
                    changed = true;
                }
            }
            p.flowLoad = flowLoad - emitted.flowLoad;
            if (!changed && p.flowLoad == 0) {
                return null;
            }
        }
        if (emitted != null) {
            emitted.flowLoad = flowLoad;
        }
        b.emitted = emitted;
        return p;
    }
}
