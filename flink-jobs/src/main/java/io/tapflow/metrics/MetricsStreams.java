package io.tapflow.metrics;

import io.tapflow.schema.ApplicationMapMetrics;
import io.tapflow.schema.ApplicationMetrics;
import io.tapflow.schema.NetworkMapMetrics;
import io.tapflow.schema.NetworkMetrics;
import io.tapflow.sink.kafka.SingleObjectSerializer;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The rollup's outputs: 1 s and 1 min rows of each family as the published Avro records, and what
 * came too late. Every row is a partial aggregate (docs/metrics.md): consumers sum the counters and
 * flow_load of a tag set and bucket, and take the max of *_max.
 */
public final class MetricsStreams {
    /** Kafka transactions must outlive a checkpoint interval plus a restart (as the flow-log sink's). */
    private static final String TRANSACTION_TIMEOUT_MS = String.valueOf(10 * 60 * 1000);

    /** The rows of one bucket length, per family. */
    public record Rows(DataStream<NetworkMetrics> network, DataStream<NetworkMapMetrics> networkMap,
                       DataStream<ApplicationMetrics> application, DataStream<ApplicationMapMetrics> applicationMap) {
        static Rows of(SingleOutputStreamOperator<NetworkMetrics> split) {
            return new Rows(split, split.getSideOutput(SplitFamilies.NETWORK_MAP), split.getSideOutput(SplitFamilies.APPLICATION),
                    split.getSideOutput(SplitFamilies.APPLICATION_MAP));
        }
    }

    private final MetricsConfig config;
    private final Rows perSecond;
    private final Rows perMinute;
    private final DataStream<MetricDoc> lateDocuments;

    MetricsStreams(MetricsConfig config, Rows perSecond, Rows perMinute, DataStream<MetricDoc> lateDocuments) {
        this.config = config;
        this.perSecond = perSecond;
        this.perMinute = perMinute;
        this.lateDocuments = lateDocuments;
    }

    /** Rows of flow_metrics.network_1s. */
    public DataStream<NetworkMetrics> network1s() {
        return perSecond.network();
    }

    /** Rows of flow_metrics.network_1m. */
    public DataStream<NetworkMetrics> network1m() {
        return perMinute.network();
    }

    /** Rows of flow_metrics.network_map_1s. */
    public DataStream<NetworkMapMetrics> networkMap1s() {
        return perSecond.networkMap();
    }

    /** Rows of flow_metrics.network_map_1m. */
    public DataStream<NetworkMapMetrics> networkMap1m() {
        return perMinute.networkMap();
    }

    /** Rows of flow_metrics.application_1s (meters with L7 activity, see {@link EnrichedMeter#l7}). */
    public DataStream<ApplicationMetrics> application1s() {
        return perSecond.application();
    }

    /** Rows of flow_metrics.application_1m. */
    public DataStream<ApplicationMetrics> application1m() {
        return perMinute.application();
    }

    /** Rows of flow_metrics.application_map_1s. */
    public DataStream<ApplicationMapMetrics> applicationMap1s() {
        return perSecond.applicationMap();
    }

    /** Rows of flow_metrics.application_map_1m. */
    public DataStream<ApplicationMapMetrics> applicationMap1m() {
        return perMinute.applicationMap();
    }

    /** Documents later than the allowed lateness, already counted; sink them for inspection or leave them. */
    public DataStream<MetricDoc> lateDocuments() {
        return lateDocuments;
    }

    /** Sinks each stream into its ClickHouse table (flow_metrics.network_1s, _1m, network_map_*, application_*, application_map_*). */
    public void sinkToTables(TableSinkFactory factory) {
        table(factory, perSecond.network(), "network_1s", NetworkMetrics.class);
        table(factory, perMinute.network(), "network_1m", NetworkMetrics.class);
        table(factory, perSecond.networkMap(), "network_map_1s", NetworkMapMetrics.class);
        table(factory, perMinute.networkMap(), "network_map_1m", NetworkMapMetrics.class);
        table(factory, perSecond.application(), "application_1s", ApplicationMetrics.class);
        table(factory, perMinute.application(), "application_1m", ApplicationMetrics.class);
        table(factory, perSecond.applicationMap(), "application_map_1s", ApplicationMapMetrics.class);
        table(factory, perMinute.applicationMap(), "application_map_1m", ApplicationMapMetrics.class);
    }

    private static <T extends SpecificRecordBase> void table(TableSinkFactory factory, DataStream<T> rows, String table, Class<T> type) {
        rows.sinkTo(factory.create("flow_metrics", table, type)).name("clickhouse flow_metrics." + table)
                .uid("metrics-ch-" + table.replace('_', '-'));
    }

    /**
     * Sinks the rows to Kafka (1 s and 1 min on one topic per family; values in Avro single-object
     * encoding, no key). Exactly-once needs checkpointing; rows are partial aggregates, so a
     * duplicate would be counted twice by a consumer: prefer {@link DeliveryGuarantee#EXACTLY_ONCE}.
     *
     * @param transactionalIdPrefix prefix of the Kafka transactional ids (exactly-once only), unique per job
     */
    public void sinkToKafka(String bootstrapServers, DeliveryGuarantee guarantee, String transactionalIdPrefix) {
        topic(perSecond.network().union(perMinute.network()), bootstrapServers, guarantee, transactionalIdPrefix + "-network",
                config.networkTopic(), NetworkMetrics.class, "metrics-kafka-network");
        topic(perSecond.networkMap().union(perMinute.networkMap()), bootstrapServers, guarantee, transactionalIdPrefix + "-network-map",
                config.networkMapTopic(), NetworkMapMetrics.class, "metrics-kafka-network-map");
        topic(perSecond.application().union(perMinute.application()), bootstrapServers, guarantee, transactionalIdPrefix + "-application",
                config.applicationTopic(), ApplicationMetrics.class, "metrics-kafka-application");
        topic(perSecond.applicationMap().union(perMinute.applicationMap()), bootstrapServers, guarantee,
                transactionalIdPrefix + "-application-map", config.applicationMapTopic(), ApplicationMapMetrics.class, "metrics-kafka-application-map");
    }

    private static <T extends SpecificRecordBase> void topic(DataStream<T> rows, String bootstrap, DeliveryGuarantee guarantee, String txPrefix,
                                                             String topic, Class<T> type, String uid) {
        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        producer.setProperty("compression.type", "zstd");
        rows.sinkTo(KafkaSink.<T>builder()
                        .setBootstrapServers(bootstrap)
                        .setKafkaProducerConfig(producer)
                        .setDeliveryGuarantee(guarantee)
                        .setTransactionalIdPrefix(txPrefix)
                        .setRecordSerializer(KafkaRecordSerializationSchema.<T>builder()
                                .setTopic(topic)
                                .setValueSerializationSchema(new SingleObjectSerializer<>(type))
                                .build())
                        .build())
                .name("kafka " + topic).uid(uid);
    }
}
