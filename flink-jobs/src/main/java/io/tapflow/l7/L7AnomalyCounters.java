package io.tapflow.l7;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counts of {@link L7Anomaly} per engine instance (one Flink subtask: single-threaded writes). */
public final class L7AnomalyCounters {
    private static final L7Anomaly[] ALL = L7Anomaly.values();
    private final long[] counts = new long[ALL.length];

    void count(L7Anomaly a) {
        counts[a.ordinal()]++;
    }

    public long get(L7Anomaly a) {
        return counts[a.ordinal()];
    }

    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** Every reason with its count, in declaration order, keyed by {@link L7Anomaly#metricName()}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (L7Anomaly a : ALL) {
            m.put(a.metricName(), counts[a.ordinal()]);
        }
        return m;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (L7Anomaly a : ALL) {
            if (counts[a.ordinal()] != 0) {
                b.append(b.length() > 1 ? ", " : "").append(a.metricName()).append('=').append(counts[a.ordinal()]);
            }
        }
        return b.append('}').toString();
    }
}
