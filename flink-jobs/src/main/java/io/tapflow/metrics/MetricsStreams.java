package io.tapflow.metrics;

import io.tapflow.schema.NetworkMapMetrics;
import io.tapflow.schema.NetworkMetrics;
import io.tapflow.sink.kafka.SingleObjectSerializer;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The rollup's outputs: 1 s and 1 min rows of each family as the published Avro records, and what
 * came too late. Every row is a partial aggregate (docs/metrics.md): consumers sum the counters and
 * flow_load of a tag set and bucket, and take the max of *_max.
 */
public final class MetricsStreams {
    /** Kafka transactions must outlive a checkpoint interval plus a restart (as the flow-log sink's). */
    private static final String TRANSACTION_TIMEOUT_MS = String.valueOf(10 * 60 * 1000);

    private final MetricsConfig config;
    private final DataStream<NetworkMetrics> network1s;
    private final DataStream<NetworkMetrics> network1m;
    private final DataStream<NetworkMapMetrics> networkMap1s;
    private final DataStream<NetworkMapMetrics> networkMap1m;
    private final DataStream<MetricDoc> lateDocuments;

    MetricsStreams(MetricsConfig config, DataStream<NetworkMetrics> network1s, DataStream<NetworkMetrics> network1m,
                   DataStream<NetworkMapMetrics> networkMap1s, DataStream<NetworkMapMetrics> networkMap1m,
                   DataStream<MetricDoc> lateDocuments) {
        this.config = config;
        this.network1s = network1s;
        this.network1m = network1m;
        this.networkMap1s = networkMap1s;
        this.networkMap1m = networkMap1m;
        this.lateDocuments = lateDocuments;
    }

    /** Rows of flow_metrics.network_1s. */
    public DataStream<NetworkMetrics> network1s() {
        return network1s;
    }

    /** Rows of flow_metrics.network_1m. */
    public DataStream<NetworkMetrics> network1m() {
        return network1m;
    }

    /** Rows of flow_metrics.network_map_1s. */
    public DataStream<NetworkMapMetrics> networkMap1s() {
        return networkMap1s;
    }

    /** Rows of flow_metrics.network_map_1m. */
    public DataStream<NetworkMapMetrics> networkMap1m() {
        return networkMap1m;
    }

    /** Documents later than the allowed lateness, already counted; sink them for inspection or leave them. */
    public DataStream<MetricDoc> lateDocuments() {
        return lateDocuments;
    }

    /** Sinks each stream into its ClickHouse table (flow_metrics.network_1s, _1m, network_map_1s, _1m). */
    public void sinkToTables(TableSinkFactory factory) {
        network1s.sinkTo(factory.create("flow_metrics", "network_1s", NetworkMetrics.class))
                .name("clickhouse flow_metrics.network_1s").uid("metrics-ch-network-1s");
        network1m.sinkTo(factory.create("flow_metrics", "network_1m", NetworkMetrics.class))
                .name("clickhouse flow_metrics.network_1m").uid("metrics-ch-network-1m");
        networkMap1s.sinkTo(factory.create("flow_metrics", "network_map_1s", NetworkMapMetrics.class))
                .name("clickhouse flow_metrics.network_map_1s").uid("metrics-ch-network-map-1s");
        networkMap1m.sinkTo(factory.create("flow_metrics", "network_map_1m", NetworkMapMetrics.class))
                .name("clickhouse flow_metrics.network_map_1m").uid("metrics-ch-network-map-1m");
    }

    /**
     * Sinks the rows to Kafka (1 s and 1 min on one topic per family; values in Avro single-object
     * encoding, no key). Exactly-once needs checkpointing; rows are partial aggregates, so a
     * duplicate would be counted twice by a consumer: prefer {@link DeliveryGuarantee#EXACTLY_ONCE}.
     *
     * @param transactionalIdPrefix prefix of the Kafka transactional ids (exactly-once only), unique per job
     */
    public void sinkToKafka(String bootstrapServers, DeliveryGuarantee guarantee, String transactionalIdPrefix) {
        network1s.union(network1m)
                .sinkTo(kafkaSink(bootstrapServers, guarantee, transactionalIdPrefix + "-network", config.networkTopic(), NetworkMetrics.class))
                .name("kafka " + config.networkTopic()).uid("metrics-kafka-network");
        networkMap1s.union(networkMap1m)
                .sinkTo(kafkaSink(bootstrapServers, guarantee, transactionalIdPrefix + "-network-map", config.networkMapTopic(), NetworkMapMetrics.class))
                .name("kafka " + config.networkMapTopic()).uid("metrics-kafka-network-map");
    }

    private static <T extends SpecificRecordBase> KafkaSink<T> kafkaSink(String bootstrap, DeliveryGuarantee guarantee, String txPrefix,
                                                                          String topic, Class<T> type) {
        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        producer.setProperty("compression.type", "zstd");
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrap)
                .setKafkaProducerConfig(producer)
                .setDeliveryGuarantee(guarantee)
                .setTransactionalIdPrefix(txPrefix)
                .setRecordSerializer(KafkaRecordSerializationSchema.<T>builder()
                        .setTopic(topic)
                        .setValueSerializationSchema(new SingleObjectSerializer<>(type))
                        .build())
                .build();
    }
}
