package io.tapflow.agent.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of all metrics at one instant, grouped into families (one name, one type, one help
 * text, several labelled samples) in the order they were first reported. Both the Prometheus
 * endpoint and the periodic log line render snapshots, so they always agree.
 */
public final class MetricsSnapshot {

    public enum Type { COUNTER, GAUGE }

    /** One labelled value; labels alternate name, value. */
    public record Sample(List<String> labels, double value) {
        public String label(String name) {
            for (int i = 0; i + 1 < labels.size(); i += 2) {
                if (labels.get(i).equals(name)) {
                    return labels.get(i + 1);
                }
            }
            return null;
        }
    }

    public record Family(String name, Type type, String help, List<Sample> samples) {
        public double total() {
            double sum = 0;
            for (Sample s : samples) {
                sum += s.value();
            }
            return sum;
        }
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Adds a sample; {@code labels} alternate name and value. */
    public MetricsSnapshot add(Type type, String name, String help, double value, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels must be name/value pairs");
        }
        Family f = families.computeIfAbsent(name, n -> new Family(n, type, help, new ArrayList<>()));
        if (f.type() != type) {
            throw new IllegalArgumentException(name + " reported as both " + f.type() + " and " + type);
        }
        f.samples().add(new Sample(List.of(labels), value));
        return this;
    }

    public MetricsSnapshot counter(String name, String help, double value, String... labels) {
        return add(Type.COUNTER, name, help, value, labels);
    }

    public MetricsSnapshot gauge(String name, String help, double value, String... labels) {
        return add(Type.GAUGE, name, help, value, labels);
    }

    public Collection<Family> families() {
        return families.values();
    }

    /** The sum of a family's samples; 0 when the family was not reported. */
    public double total(String name) {
        Family f = families.get(name);
        return f == null ? 0 : f.total();
    }

    /** The sum of a family's samples whose label {@code label} equals {@code value}. */
    public double total(String name, String label, String value) {
        Family f = families.get(name);
        double sum = 0;
        if (f != null) {
            for (Sample s : f.samples()) {
                if (value.equals(s.label(label))) {
                    sum += s.value();
                }
            }
        }
        return sum;
    }

    /** Sums of a family's samples per value of one label, in first-seen order. */
    public Map<String, Double> totalsBy(String name, String label) {
        Map<String, Double> out = new LinkedHashMap<>();
        Family f = families.get(name);
        if (f != null) {
            for (Sample s : f.samples()) {
                String v = s.label(label);
                out.merge(v == null ? "" : v, s.value(), Double::sum);
            }
        }
        return out;
    }
}
