package io.tapflow.tools.metrics;

import java.util.Locale;

/** The manual's operators over a series of buckets (part-1 §3.1), plus Distinct over tag values. */
public enum Operator {
    SUM("sum"), AVG("avg"), MAX("max"), MIN("min"), PERCENTILE("percentile"), SPREAD("spread"), RSPREAD("rspread"),
    STDDEV("stddev"), APDEX("apdex"), DISTINCT("distinct");

    private final String id;

    Operator(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Operator parse(String s) {
        for (Operator o : values()) {
            if (o.id.equals(s.toLowerCase(Locale.ROOT))) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown operator '" + s + "'; known: sum, avg, max, min, percentile, spread, rspread, stddev, apdex, distinct");
    }

    /** 95 → "95", 99.9 → "99_9". */
    static String percentileLabel(double p) {
        String s = p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
        return s.replace('.', '_');
    }
}
