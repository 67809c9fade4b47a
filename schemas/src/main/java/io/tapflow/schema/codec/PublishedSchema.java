package io.tapflow.schema.codec;

import java.util.List;

/**
 * The schemas tapflow publishes, with the Kafka topics that carry them. The file name is the
 * {@code .avsc} base name under {@code /avro} on the classpath (and {@code schemas/src/main/avro});
 * released versions live under {@code /avro/released/<file>/v<N>.avsc}.
 *
 * <p>This list is the index of the contract: a new topic schema is added here and released (see
 * docs/schemas.md) or the compatibility test fails.
 */
public enum PublishedSchema {
    PACKET_BATCH("packet_batch", "io.tapflow.schema.PacketBatch", List.of("tapflow.packets")),
    L4_FLOW_LOG("l4_flow_log", "io.tapflow.schema.L4FlowLog", List.of("tapflow.l4-flow-log.v1")),
    L7_FLOW_LOG("l7_flow_log", "io.tapflow.schema.L7FlowLog", List.of("tapflow.l7-flow-log.v1")),
    NETWORK_METRICS("network_metrics", "io.tapflow.schema.NetworkMetrics", List.of("tapflow.network-metrics.v1")),
    NETWORK_MAP_METRICS("network_map_metrics", "io.tapflow.schema.NetworkMapMetrics", List.of("tapflow.network-map-metrics.v1")),
    APPLICATION_METRICS("application_metrics", "io.tapflow.schema.ApplicationMetrics", List.of("tapflow.application-metrics.v1")),
    APPLICATION_MAP_METRICS("application_map_metrics", "io.tapflow.schema.ApplicationMapMetrics", List.of("tapflow.application-map-metrics.v1")),
    RESOURCE("resource", "io.tapflow.schema.Resource", List.of("tapflow.resources")),
    DEAD_LETTER("dead_letter", "io.tapflow.schema.DeadLetter", List.of("tapflow.dead-letter.v1"));

    private final String fileName;
    private final String recordName;
    private final List<String> topics;

    PublishedSchema(String fileName, String recordName, List<String> topics) {
        this.fileName = fileName;
        this.recordName = recordName;
        this.topics = topics;
    }

    /** Base name of the .avsc file, e.g. {@code l4_flow_log}. */
    public String fileName() {
        return fileName;
    }

    /** Full name of the top-level record, e.g. {@code io.tapflow.schema.L4FlowLog}. */
    public String recordName() {
        return recordName;
    }

    /** Kafka topics whose values are single-object encoded records of this schema. */
    public List<String> topics() {
        return topics;
    }

    /** Classpath resource of the current version. */
    public String currentResource() {
        return "/avro/" + fileName + ".avsc";
    }

    /** Classpath resource of released version {@code version} (1-based). */
    public String releasedResource(int version) {
        return "/avro/released/" + fileName + "/v" + version + ".avsc";
    }

    /** The schema carried by {@code topic}, if tapflow publishes it. */
    public static java.util.Optional<PublishedSchema> forTopic(String topic) {
        for (PublishedSchema s : values()) {
            if (s.topics.contains(topic)) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }
}
