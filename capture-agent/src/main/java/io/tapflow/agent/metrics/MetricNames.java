package io.tapflow.agent.metrics;

/**
 * The agent's metric families. Labels: {@code source} = capture interface or file, {@code reason} =
 * why packets or batches were dropped, {@code type} = Kafka error class.
 */
public final class MetricNames {
    public static final String PACKETS_CAPTURED = "tapflow_agent_packets_captured_total";
    public static final String BYTES_CAPTURED = "tapflow_agent_bytes_captured_total";
    public static final String PACKETS_DECODED = "tapflow_agent_packets_decoded_total";
    public static final String PACKETS_DUPLICATE = "tapflow_agent_packets_duplicate_total";
    /** reason: kernel, interface (pcap stats), decode_* (one per DecodeStatus), queue_full, kafka_unavailable, send_failed. */
    public static final String PACKETS_DROPPED = "tapflow_agent_packets_dropped_total";
    public static final String TIMESTAMPS_CLAMPED = "tapflow_agent_timestamps_clamped_total";
    public static final String CAPTURE_ERRORS = "tapflow_agent_capture_errors_total";

    public static final String BATCHES_BUILT = "tapflow_agent_batches_total";
    public static final String BATCHES_SENT = "tapflow_agent_batches_sent_total";
    public static final String BATCHES_DROPPED = "tapflow_agent_batches_dropped_total";
    public static final String BATCH_BYTES_SENT = "tapflow_agent_batch_bytes_sent_total";
    public static final String KAFKA_ERRORS = "tapflow_agent_kafka_errors_total";
    public static final String KAFKA_BUFFERED_BYTES = "tapflow_agent_kafka_buffered_bytes";

    public static final String FLOWS_ACTIVE = "tapflow_agent_flows_active";
    public static final String FLOWS_CREATED = "tapflow_agent_flows_created_total";
    public static final String FLOWS_EVICTED = "tapflow_agent_flows_evicted_total";

    public static final String PROCESS_CPU_SECONDS = "tapflow_agent_process_cpu_seconds_total";
    public static final String HEAP_USED_BYTES = "tapflow_agent_jvm_heap_used_bytes";
    public static final String START_TIME_SECONDS = "tapflow_agent_start_time_seconds";

    public static final String SOURCE = "source";
    public static final String REASON = "reason";
    public static final String TYPE = "type";

    private MetricNames() {
    }
}
