package io.tapflow.agent.metrics;

import java.util.List;

/** Renders a snapshot in the Prometheus text exposition format, version 0.0.4. */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    public static String render(MetricsSnapshot snapshot) {
        StringBuilder sb = new StringBuilder(4096);
        for (MetricsSnapshot.Family f : snapshot.families()) {
            sb.append("# HELP ").append(f.name()).append(' ').append(escapeHelp(f.help())).append('\n');
            sb.append("# TYPE ").append(f.name()).append(' ')
                    .append(f.type() == MetricsSnapshot.Type.COUNTER ? "counter" : "gauge").append('\n');
            for (MetricsSnapshot.Sample s : f.samples()) {
                sb.append(f.name());
                appendLabels(sb, s.labels());
                sb.append(' ').append(number(s.value())).append('\n');
            }
        }
        return sb.toString();
    }

    private static void appendLabels(StringBuilder sb, List<String> labels) {
        if (labels.isEmpty()) {
            return;
        }
        sb.append('{');
        for (int i = 0; i < labels.size(); i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(labels.get(i)).append("=\"").append(escapeLabel(labels.get(i + 1))).append('"');
        }
        sb.append('}');
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(v);
    }

    private static String escapeHelp(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
