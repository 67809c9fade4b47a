package io.tapflow.metrics;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the metrics rollup.
 *
 * <ul>
 *   <li>{@code allowedLateness} (default 5 s): how long after its bucket closed (watermark past its
 *       end) a bucket still takes late documents; each late firing emits only what they added.
 *       Documents later than that go to {@link MetricsStreams#lateDocuments()} and are counted
 *       ({@value MetricsPipeline#LATE_DOCUMENTS_METRIC}), never silently dropped. 0 disables late
 *       firings and the bookkeeping they need.</li>
 *   <li>{@code networkTopic} (default {@value #DEFAULT_NETWORK_TOPIC}) and {@code networkMapTopic}
 *       (default {@value #DEFAULT_NETWORK_MAP_TOPIC}): Kafka topics of the single-side and edge rows,
 *       1 s and 1 min together (the {@code period} field tells them apart).</li>
 * </ul>
 */
public final class MetricsConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofSeconds(5);
    public static final String DEFAULT_NETWORK_TOPIC = "tapflow.network-metrics.v1";
    public static final String DEFAULT_NETWORK_MAP_TOPIC = "tapflow.network-map-metrics.v1";

    private final Duration allowedLateness;
    private final String networkTopic;
    private final String networkMapTopic;

    private MetricsConfig(Builder b) {
        this.allowedLateness = b.allowedLateness;
        this.networkTopic = b.networkTopic;
        this.networkMapTopic = b.networkMapTopic;
    }

    public static MetricsConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Duration allowedLateness() {
        return allowedLateness;
    }

    public String networkTopic() {
        return networkTopic;
    }

    public String networkMapTopic() {
        return networkMapTopic;
    }

    public static final class Builder {
        private Duration allowedLateness = DEFAULT_ALLOWED_LATENESS;
        private String networkTopic = DEFAULT_NETWORK_TOPIC;
        private String networkMapTopic = DEFAULT_NETWORK_MAP_TOPIC;

        private Builder() {}

        public Builder allowedLateness(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("allowed lateness must be >= 0, got " + d);
            }
            this.allowedLateness = d;
            return this;
        }

        public Builder networkTopic(String topic) {
            this.networkTopic = Objects.requireNonNull(topic);
            return this;
        }

        public Builder networkMapTopic(String topic) {
            this.networkMapTopic = Objects.requireNonNull(topic);
            return this;
        }

        public MetricsConfig build() {
            return new MetricsConfig(this);
        }
    }
}
