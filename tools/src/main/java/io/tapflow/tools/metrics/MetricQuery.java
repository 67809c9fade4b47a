package io.tapflow.tools.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes the SQL of dictionary metrics under operators, for one metric table, time range and
 * grouping, on ClickHouse 18.16 and current servers alike. Two levels: the inner query forms one
 * value per group and bucket from the raw rows (partial aggregates), the outer one applies the
 * operators over each group's series of buckets. The rules (rates, zero-filled buckets, nearest-rank
 * percentiles, population standard deviation, Apdex, undefined values as NULL) are in docs/metrics.md.
 *
 * <pre>{@code
 * String sql = MetricQuery.on("flow_metrics.network_1m", from, to).groupBy("ip", "server_port").where("role = 1")
 *         .select(Operator.PERCENTILE, "rtt", 95).select(Operator.AVG, "retrans_ratio").sql();
 * }</pre>
 */
public final class MetricQuery {
    /** A requested statistic: an operator over a base metric (or, for Distinct, a tag). */
    public record Selection(Operator op, String metric, double param) {}

    private final String table;
    private final String family;
    private final int period;
    private final long from;
    private final long to;
    private final List<String> groupBy = new ArrayList<>();
    private final List<Selection> selections = new ArrayList<>();
    private String where = "";
    private String orderBy = "";
    private int limit;

    private MetricQuery(String table, long from, long to) {
        this.table = table;
        this.family = MetricDictionary.familyOf(table);
        this.period = periodOf(table);
        this.from = Math.floorDiv(from, period) * period;
        this.to = -Math.floorDiv(-to, period) * period;
        if (this.to <= this.from) {
            throw new IllegalArgumentException("empty time range [" + from + ", " + to + ")");
        }
    }

    /** A query on {@code table} (e.g. flow_metrics.network_1m) over [from, to), epoch seconds, widened to whole buckets. */
    public static MetricQuery on(String table, long fromSec, long toSec) {
        return new MetricQuery(table, fromSec, toSec);
    }

    /** Bucket length of a metric table from its name: _1s, _1m, _1h, _1d. */
    public static int periodOf(String table) {
        String t = table.toLowerCase(Locale.ROOT);
        if (t.endsWith("_1s")) {
            return 1;
        }
        if (t.endsWith("_1m")) {
            return 60;
        }
        if (t.endsWith("_1h")) {
            return 3600;
        }
        if (t.endsWith("_1d")) {
            return 86400;
        }
        throw new IllegalArgumentException("not a metric table (…_1s, _1m, _1h, _1d): " + table);
    }

    /** Group by columns or the shortcuts {@code ip}, {@code ip_0}, {@code ip_1} (address text, IPv4 or IPv6). */
    public MetricQuery groupBy(String... columns) {
        groupBy.addAll(List.of(columns));
        return this;
    }

    /** An extra filter on the raw rows, SQL (e.g. {@code role = 1 AND server_port = 80}). */
    public MetricQuery where(String condition) {
        this.where = Objects.requireNonNull(condition);
        return this;
    }

    public MetricQuery orderBy(String orderBy) {
        this.orderBy = orderBy;
        return this;
    }

    public MetricQuery limit(int limit) {
        this.limit = limit;
        return this;
    }

    public MetricQuery select(Operator op, String metric) {
        return select(op, metric, defaultParam(op));
    }

    /** {@code param}: the percentile (0..100) for Percentile, the threshold T in µs for Apdex. */
    public MetricQuery select(Operator op, String metric, double param) {
        if (op == Operator.DISTINCT) {
            tag(metric);
        } else {
            BaseMetric m = metric(metric);
            if (!m.supports(op)) {
                throw new IllegalArgumentException(op.id() + " does not apply to " + metric + " (" + m.kind() + ")");
            }
        }
        if (op == Operator.PERCENTILE && (param <= 0 || param > 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + param);
        }
        if (op == Operator.APDEX && param <= 0) {
            throw new IllegalArgumentException("Apdex threshold must be > 0 µs, got " + param);
        }
        selections.add(new Selection(op, metric, param));
        return this;
    }

    /** 95 for Percentile; 100 000 µs (100 ms) for Apdex. */
    public static double defaultParam(Operator op) {
        return switch (op) {
            case PERCENTILE -> 95;
            case APDEX -> 100_000;
            default -> 0;
        };
    }

    /** Column name of a selection in the result: the manual's response identifier (distinct_&lt;tag&gt; for Distinct). */
    public String responseId(Selection s) {
        return s.op() == Operator.DISTINCT ? "distinct_" + s.metric() : metric(s.metric()).responseId(s.op(), s.param());
    }

    public String sql() {
        if (selections.isEmpty()) {
            throw new IllegalStateException("nothing selected");
        }
        List<String> groups = new ArrayList<>();
        List<String> groupNames = new ArrayList<>();
        for (String g : groupBy) {
            String expr = tagExpression(g);
            groups.add(expr.equals(g) ? g : expr + " AS " + g);
            groupNames.add(g);
        }
        List<String> inner = new ArrayList<>(groups);
        inner.add("time AS bucket");
        List<String> outer = new ArrayList<>(groupNames);
        List<String> innerSeen = new ArrayList<>();
        for (Selection s : selections) {
            String id = responseId(s);
            if (s.op() == Operator.DISTINCT) {
                String col = "u_" + s.metric();
                addOnce(inner, innerSeen, "groupUniqArray(" + tagExpression(s.metric()) + ") AS " + col);
                outer.add("uniqExactArray(" + col + ") AS " + id);
                continue;
            }
            BaseMetric m = metric(s.metric());
            String v = "v_" + m.name();
            String d = "d_" + m.name();
            switch (m.kind()) {
                case COUNTER, LOAD -> addOnce(inner, innerSeen, "toFloat64(" + m.value() + ") AS " + v);
                case RATIO, LATENCY -> {
                    String value = m.divide()
                            ? m.value() + " / " + m.denominator() + (m.scale() == 1 ? "" : " * " + num(m.scale()))
                            : "toFloat64(" + m.value() + ")";
                    addOnce(inner, innerSeen, value + " AS " + v);
                    addOnce(inner, innerSeen, "(" + m.denominator() + ") > 0 AS " + d);
                    if (s.op() == Operator.SUM) {
                        addOnce(inner, innerSeen, "toFloat64(" + m.value() + ") AS n_" + m.name());
                        addOnce(inner, innerSeen, "toFloat64(" + m.denominator() + ") AS q_" + m.name());
                    }
                }
            }
            outer.add(operator(m, s, v, d) + " AS " + id);
        }
        StringBuilder sql = new StringBuilder();
        sql.append("SELECT\n    ").append(String.join(",\n    ", outer)).append("\nFROM\n(\n    SELECT\n        ")
                .append(String.join(",\n        ", inner)).append("\n    FROM ").append(table)
                .append("\n    WHERE time >= toDateTime(").append(from).append(") AND time < toDateTime(").append(to).append(')');
        if (!where.isBlank()) {
            sql.append(" AND (").append(where).append(')');
        }
        List<String> innerGroup = new ArrayList<>(groupNames);
        innerGroup.add("bucket");
        sql.append("\n    GROUP BY ").append(String.join(", ", innerGroup)).append("\n)");
        if (!groupNames.isEmpty()) {
            sql.append("\nGROUP BY ").append(String.join(", ", groupNames));
        }
        if (!orderBy.isBlank()) {
            sql.append("\nORDER BY ").append(orderBy);
        }
        if (limit > 0) {
            sql.append("\nLIMIT ").append(limit);
        }
        return sql.toString();
    }

    /** Number of buckets in the range: the length of the zero-filled series. */
    public long buckets() {
        return (to - from) / period;
    }

    private String operator(BaseMetric m, Selection s, String v, String d) {
        boolean filled = m.kind() == MetricKind.COUNTER || m.kind() == MetricKind.LOAD;
        // the series: counts (COUNTER, LOAD; missing buckets are 0) or defined values (RATIO, LATENCY)
        String series = filled
                ? "arrayConcat(groupArray(" + v + "), arrayResize(emptyArrayFloat64(), toUInt64(greatest(" + buckets() + " - toInt64(count()), 0))))"
                : "groupArrayIf(" + v + ", " + d + ")";
        String rates = m.kind() == MetricKind.COUNTER ? "arrayMap(x -> x * " + num(m.scale()) + " / " + period + ", " + series + ")" : series;
        String max = "arrayReduce('max', " + rates + ")";
        String min = "arrayReduce('min', " + rates + ")";
        String expr = switch (s.op()) {
            case SUM -> m.kind() == MetricKind.RATIO
                    ? "if(sum(q_" + m.name() + ") > 0, sum(n_" + m.name() + ") / sum(q_" + m.name() + ")" + (m.scale() == 1 ? "" : " * " + num(m.scale())) + ", NULL)"
                    : "sum(" + v + ")";
            case AVG -> "arrayReduce('avg', " + rates + ")";
            case MAX -> max;
            case MIN -> min;
            case PERCENTILE -> "arrayElement(arraySort(" + rates + "), toUInt64(greatest(ceil(" + num(s.param() / 100) + " * length(" + rates + ")), 1)))";
            case SPREAD -> max + " - " + min;
            case RSPREAD -> "if(" + min + " = 0, NULL, " + max + " / " + min + ")";
            case STDDEV -> "arrayReduce('stddevPop', " + series + ")";
            case APDEX -> "(arrayCount(x -> x <= " + num(s.param()) + ", " + series + ") + arrayCount(x -> x > " + num(s.param()) + " AND x <= "
                    + num(4 * s.param()) + ", " + series + ") / 2) / length(" + series + ") * 100";
            case DISTINCT -> throw new IllegalStateException();
        };
        // a statistic over no defined bucket has no value
        return filled || s.op() == Operator.SUM || s.op() == Operator.RSPREAD ? expr : "if(length(" + series + ") = 0, NULL, " + expr + ")";
    }

    private BaseMetric metric(String name) {
        return MetricDictionary.find(family, name).orElseThrow(() -> new IllegalArgumentException(
                "no " + family + " metric '" + name + "'; known: " + MetricDictionary.of(family).stream().map(BaseMetric::name).toList()));
    }

    /** SQL of a tag: address shortcuts ip / ip_0 / ip_1 as text, anything else as written. */
    static String tagExpression(String tag) {
        return switch (tag) {
            case "ip" -> "if(is_ipv4 = 1, IPv4NumToString(ip4), IPv6NumToString(ip6))";
            case "ip_0" -> "if(is_ipv4 = 1, IPv4NumToString(ip4_0), IPv6NumToString(ip6_0))";
            case "ip_1" -> "if(is_ipv4 = 1, IPv4NumToString(ip4_1), IPv6NumToString(ip6_1))";
            default -> tag;
        };
    }

    private static void tag(String tag) {
        if (!tag.matches("[a-z_0-9]+")) {
            throw new IllegalArgumentException("Distinct takes a tag column name, got '" + tag + "'");
        }
    }

    private static void addOnce(List<String> list, List<String> seen, String item) {
        if (!seen.contains(item)) {
            seen.add(item);
            list.add(item);
        }
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
