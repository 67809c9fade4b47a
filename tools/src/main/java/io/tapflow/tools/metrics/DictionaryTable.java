package io.tapflow.tools.metrics;

import java.util.ArrayList;
import java.util.List;

/** The dictionary as a table: docs/metrics.md (markdown) and sql/dictionary/metrics.tsv. */
public final class DictionaryTable {
    private DictionaryTable() {}

    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| family | metric | kind | unit | per bucket (SQL over the raw rows) | response identifiers | meaning |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (BaseMetric m : MetricDictionary.all()) {
            sb.append("| ").append(m.family()).append(" | `").append(m.name()).append("` | ").append(m.kind().name().toLowerCase())
                    .append(" | ").append(m.unit()).append(" | `").append(perBucket(m).replace("|", "\\|")).append("` | ")
                    .append(String.join(" ", ids(m).stream().map(id -> "`" + id + "`").toList())).append(" | ")
                    .append(m.description()).append(" |\n");
        }
        return sb.toString();
    }

    public static String tsv() {
        StringBuilder sb = new StringBuilder("family\tmetric\tkind\tunit\tper_bucket_sql\tdenominator_sql\tresponse_ids\tdescription\n");
        for (BaseMetric m : MetricDictionary.all()) {
            sb.append(m.family()).append('\t').append(m.name()).append('\t').append(m.kind().name().toLowerCase()).append('\t')
                    .append(m.unit()).append('\t').append(perBucket(m)).append('\t')
                    .append(m.denominator() == null ? "" : m.denominator()).append('\t').append(String.join(" ", ids(m))).append('\t')
                    .append(m.description()).append('\n');
        }
        return sb.toString();
    }

    /** The per-bucket value as one SQL expression. */
    static String perBucket(BaseMetric m) {
        if (m.denominator() == null) {
            return m.value();
        }
        String scale = m.scale() == 1 ? "" : " * " + (long) m.scale();
        return m.divide() ? m.value() + " / " + m.denominator() + scale + " (when " + m.denominator() + " > 0)"
                : m.value() + " (when " + m.denominator() + " > 0)";
    }

    private static List<String> ids(BaseMetric m) {
        List<String> ids = new ArrayList<>();
        for (Operator op : Operator.values()) {
            if (m.supports(op)) {
                ids.add(m.responseId(op, MetricQuery.defaultParam(op)));
            }
        }
        return ids;
    }
}
