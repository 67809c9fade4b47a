package io.tapflow.tools.metrics;

/**
 * One base metric of the dictionary: what it means per bucket and tag group, as SQL over the raw
 * rows of a metric table (which are partial aggregates: always aggregate).
 *
 * @param name        request identifier, e.g. {@code retrans_ratio} (the manual's, typos fixed)
 * @param family      {@code network} (network_* and network_map_* tables) or {@code application}
 * @param kind        how operators treat it
 * @param value       per-bucket aggregate SQL: the count (COUNTER, LOAD), the numerator (RATIO,
 *                    averaged LATENCY) or the value (max LATENCY)
 * @param denominator per-bucket aggregate SQL: the denominator (RATIO, averaged LATENCY), the sample
 *                    count that makes a max LATENCY defined, or null
 * @param divide      value / denominator (true) or value alone when the denominator is positive (false)
 * @param scale       multiplier of the per-bucket value: 100 for %, 8 for rates of bytes in bit/s, else 1
 *                    (COUNTER: applied to rates only)
 * @param stem        rate identifier stem of a COUNTER (e.g. {@code bps}), the manual's; else the name
 * @param unit        unit of the per-bucket value (COUNTER: of the count; its rate is unit/s)
 * @param description one line
 */
public record BaseMetric(String name, String family, MetricKind kind, String value, String denominator, boolean divide,
                         double scale, String stem, String unit, String description) {

    static BaseMetric counter(String family, String name, String value, String stem, double rateScale, String unit, String description) {
        return new BaseMetric(name, family, MetricKind.COUNTER, value, null, false, rateScale, stem, unit, description);
    }

    static BaseMetric ratio(String family, String name, String numerator, String denominator, double scale, String unit, String description) {
        return new BaseMetric(name, family, MetricKind.RATIO, numerator, denominator, true, scale, name, unit, description);
    }

    static BaseMetric latencyAvg(String family, String name, String description) {
        return new BaseMetric(name, family, MetricKind.LATENCY, "sum(" + name + "_sum)", "sum(" + name + "_count)", true, 1, name, "µs", description);
    }

    static BaseMetric latencyMax(String family, String name, String description) {
        String base = name.substring(0, name.length() - "_max".length());
        return new BaseMetric(name, family, MetricKind.LATENCY, "max(" + name + ")", "sum(" + base + "_count)", false, 1, name, "µs", description);
    }

    /** The response identifier of this metric under an operator, following the manual's rules (part-2 §2.3). */
    public String responseId(Operator op, double param) {
        String p = op == Operator.PERCENTILE ? Operator.percentileLabel(param) : "";
        return switch (kind) {
            case COUNTER -> switch (op) {
                case SUM, STDDEV -> op.id() + "_" + name;
                default -> op.id() + p + "_" + stem;
            };
            case RATIO -> switch (op) {
                case SPREAD, RSPREAD -> op.id() + "_" + name;
                default -> op.id() + p + "_avg_" + name;
            };
            case LOAD, LATENCY -> op.id() + p + "_" + (kind == MetricKind.LOAD ? "l4_fps" : name);
        };
    }

    /** Whether the operator applies (the manual: no Sum for latency and load, Apdex only for latency). */
    public boolean supports(Operator op) {
        return switch (op) {
            case SUM -> kind == MetricKind.COUNTER || kind == MetricKind.RATIO;
            case APDEX -> kind == MetricKind.LATENCY;
            case DISTINCT -> false;
            default -> true;
        };
    }
}
