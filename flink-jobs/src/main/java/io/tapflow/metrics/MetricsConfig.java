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
 *   <li>{@code networkTopic} (default {@value #DEFAULT_NETWORK_TOPIC}), {@code networkMapTopic}
 *       (default {@value #DEFAULT_NETWORK_MAP_TOPIC}), {@code applicationTopic} (default
 *       {@value #DEFAULT_APPLICATION_TOPIC}) and {@code applicationMapTopic} (default
 *       {@value #DEFAULT_APPLICATION_MAP_TOPIC}): Kafka topics of each family's rows, 1 s and 1 min
 *       together (the {@code period} field tells them apart).</li>
 * </ul>
 */
public final class MetricsConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofSeconds(5);
    public static final String DEFAULT_NETWORK_TOPIC = "tapflow.network-metrics.v1";
    public static final String DEFAULT_NETWORK_MAP_TOPIC = "tapflow.network-map-metrics.v1";
    public static final String DEFAULT_APPLICATION_TOPIC = "tapflow.application-metrics.v1";
    public static final String DEFAULT_APPLICATION_MAP_TOPIC = "tapflow.application-map-metrics.v1";

    private final Duration allowedLateness;
    private final String networkTopic;
    private final String networkMapTopic;
    private final String applicationTopic;
    private final String applicationMapTopic;

    private MetricsConfig(Builder b) {
        this.allowedLateness = b.allowedLateness;
        this.networkTopic = b.networkTopic;
        this.networkMapTopic = b.networkMapTopic;
        this.applicationTopic = b.applicationTopic;
        this.applicationMapTopic = b.applicationMapTopic;
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

    public String applicationTopic() {
        return applicationTopic;
    }

    public String applicationMapTopic() {
        return applicationMapTopic;
    }

    public static final class Builder {
        private Duration allowedLateness = DEFAULT_ALLOWED_LATENESS;
        private String networkTopic = DEFAULT_NETWORK_TOPIC;
        private String networkMapTopic = DEFAULT_NETWORK_MAP_TOPIC;
        private String applicationTopic = DEFAULT_APPLICATION_TOPIC;
        private String applicationMapTopic = DEFAULT_APPLICATION_MAP_TOPIC;

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

        public Builder applicationTopic(String topic) {
            this.applicationTopic = Objects.requireNonNull(topic);
            return this;
        }

        public Builder applicationMapTopic(String topic) {
            this.applicationMapTopic = Objects.requireNonNull(topic);
            return this;
        }

        public MetricsConfig build() {
            return new MetricsConfig(this);
        }
    }
}
