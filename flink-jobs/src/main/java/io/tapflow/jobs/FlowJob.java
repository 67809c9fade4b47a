package io.tapflow.jobs;

import io.tapflow.deadletter.DeadLetters;
import io.tapflow.enrich.EnrichmentConfig;
import io.tapflow.enrich.flink.Enrichment;
import io.tapflow.flow.FlowEngineFunction;
import io.tapflow.metrics.MetricsConfig;
import io.tapflow.metrics.MetricsPipeline;
import io.tapflow.metrics.MetricsStreams;
import io.tapflow.metrics.TableSinkFactory;
import io.tapflow.flow.FlowPartitionKey;
import io.tapflow.schema.DeadLetter;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.L7FlowLog;
import io.tapflow.schema.PacketBatch;
import io.tapflow.schema.Resource;
import io.tapflow.sink.clickhouse.AvroRowSerializer;
import io.tapflow.sink.clickhouse.ClickHouseSink;
import io.tapflow.sink.clickhouse.ClickHouseSinkConfig;
import io.tapflow.sink.elasticsearch.FlowLogSinks;
import io.tapflow.sink.kafka.SingleObjectSerializer;
import io.tapflow.source.kafka.IngestRecord;
import io.tapflow.source.kafka.PacketBatchDeserializer;
import io.tapflow.source.kafka.SplitIngest;
import java.nio.ByteBuffer;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The streaming flow job: tapflow.packets → flow engine → L4 flow logs to Kafka (exactly once, for
 * third parties) and ClickHouse, undecodable input to the dead-letter topic. The same jar runs in
 * the local MiniCluster, a standalone session cluster and Kubernetes.
 */
public final class FlowJob {
    /** Kafka transactions must outlive a checkpoint interval plus a restart; well under the broker's 15 min cap. */
    static final String TRANSACTION_TIMEOUT_MS = String.valueOf(10 * 60 * 1000);

    private FlowJob() {}

    public static void main(String[] args) throws Exception {
        FlowJobOptions options;
        try {
            options = FlowJobOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("FlowJob: " + e.getMessage());
            System.err.println(FlowJobOptions.USAGE);
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, options);
        env.execute("tapflow flow engine");
    }

    /** Adds the job's operators to {@code env}; the flow-log stream is returned for extra sinks (tests, replay). */
    public static DataStream<L4FlowLog> build(StreamExecutionEnvironment env, FlowJobOptions o) {
        env.setParallelism(o.parallelism());
        env.enableCheckpointing(o.duration("checkpoint-interval").toMillis());
        // always on a file system: Flink's in-memory default caps state at 5 MB, a flow table outgrows it
        if (!o.get("checkpoint-dir").isEmpty()) {
            Configuration storage = new Configuration();
            storage.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            storage.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, o.get("checkpoint-dir"));
            env.configure(storage);
        }
        String bootstrap = o.get("kafka-bootstrap");
        KafkaSource<IngestRecord> source = packetSource(o, bootstrap);
        WatermarkStrategy<IngestRecord> watermarks = WatermarkStrategy
                .<IngestRecord>forBoundedOutOfOrderness(o.duration("out-of-orderness"))
                .withTimestampAssigner((r, ts) -> r.eventTimeMs())
                .withIdleness(o.duration("idleness"));
        SingleOutputStreamOperator<PacketBatch> batches = env
                .fromSource(source, watermarks, "kafka " + o.get("packets-topic"))
                .process(new SplitIngest()).name("decode check").uid("split-ingest");
        SingleOutputStreamOperator<L4FlowLog> engine = batches
                .keyBy(new FlowPartitionKey())
                .process(new FlowEngineFunction(o.engineConfig())).name("flow engine").uid("flow-engine");
        DataStream<DeadLetter> deadLetters = batches.getSideOutput(DeadLetters.TAG)
                .union(engine.getSideOutput(DeadLetters.TAG));
        DataStream<L4FlowLog> flowLogs = engine;
        DataStream<L7FlowLog> l7 = engine.getSideOutput(FlowEngineFunction.L7_RECORDS);
        if (!o.get("resources-topic").isEmpty()) {
            DataStream<Resource> catalog = Enrichment.resources(env, bootstrap, o.get("resources-topic"));
            EnrichmentConfig enrichment = o.enrichmentConfig();
            flowLogs = Enrichment.apply(flowLogs, catalog, enrichment);
            l7 = Enrichment.applyL7(l7, catalog, enrichment);
        }
        deadLetters.sinkTo(deadLetterSink(o, bootstrap)).name("dead letters").uid("dead-letter-sink");
        if (!o.get("l4-topic").isEmpty()) {
            flowLogs.sinkTo(kafkaSink(o, bootstrap, o.get("l4-topic"), L4FlowLog.class, L4FlowLog::getFlowId, "tapflow-l4-"))
                    .name("kafka " + o.get("l4-topic")).uid("l4-kafka-sink");
        }
        if (!o.get("l7-topic").isEmpty()) {
            l7.sinkTo(kafkaSink(o, bootstrap, o.get("l7-topic"), L7FlowLog.class, L7FlowLog::getFlowId, "tapflow-l7-"))
                    .name("kafka " + o.get("l7-topic")).uid("l7-kafka-sink");
        }
        if (Boolean.parseBoolean(o.get("metrics"))) {
            MetricsStreams metrics = MetricsPipeline.attach(engine.getSideOutput(FlowEngineFunction.METERS), MetricsConfig.defaults());
            metrics.sinkToKafka(bootstrap, DeliveryGuarantee.EXACTLY_ONCE, "tapflow-metrics-" + o.get("group-id"));
            if (!o.get("clickhouse-url").isEmpty()) {
                metrics.sinkToTables(new TableSinkFactory() {
                    @Override
                    public <T extends org.apache.avro.specific.SpecificRecordBase> org.apache.flink.api.connector.sink2.Sink<T>
                            create(String database, String table, Class<T> type) {
                        return clickHouseSink(o, database + "." + table, type);
                    }
                });
            }
        }
        if (!o.get("clickhouse-url").isEmpty()) {
            flowLogs.sinkTo(clickHouseSink(o, o.get("clickhouse-table"), L4FlowLog.class))
                    .name("clickhouse " + o.get("clickhouse-table")).uid("l4-clickhouse-sink");
            l7.sinkTo(clickHouseSink(o, o.get("clickhouse-l7-table"), L7FlowLog.class))
                    .name("clickhouse " + o.get("clickhouse-l7-table")).uid("l7-clickhouse-sink");
        }
        if (!o.get("elasticsearch-url").isEmpty()) {
            FlowLogSinks.attach(flowLogs, l7, o.get("elasticsearch-url"), bootstrap, o.get("dead-letter-topic"));
        }
        return flowLogs;
    }

    private static KafkaSource<IngestRecord> packetSource(FlowJobOptions o, String bootstrap) {
        String offsets = o.get("starting-offsets");
        OffsetsInitializer start = switch (offsets) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default -> OffsetsInitializer.timestamp(Long.parseLong(offsets.substring("timestamp:".length())));
        };
        var builder = KafkaSource.<IngestRecord>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(o.get("packets-topic"))
                .setGroupId(o.get("group-id"))
                .setStartingOffsets(start)
                .setDeserializer(new PacketBatchDeserializer())
                .setProperty("isolation.level", "read_committed");
        if (o.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** Exactly once for third parties: key = flow_id (8 bytes big-endian), value = single-object Avro. */
    private static <T extends org.apache.avro.specific.SpecificRecordBase> KafkaSink<T> kafkaSink(FlowJobOptions o,
            String bootstrap, String topic, Class<T> type, FlowIdOf<T> flowId, String transactionPrefix) {
        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        producer.setProperty("compression.type", "zstd");
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrap)
                .setKafkaProducerConfig(producer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionPrefix + o.get("group-id"))
                .setRecordSerializer(KafkaRecordSerializationSchema.<T>builder()
                        .setTopic(topic)
                        .setKeySerializationSchema(r -> ByteBuffer.allocate(8).putLong(flowId.of(r)).array())
                        .setValueSerializationSchema(new SingleObjectSerializer<>(type))
                        .build())
                .build();
    }

    /** The flow_id of a record, for the Kafka key (serializable, so the sink can ship it). */
    @FunctionalInterface
    interface FlowIdOf<T> extends java.io.Serializable {
        long of(T record);
    }

    /** Exactly-once into a ClickHouse table: rows become visible when their checkpoint completes. */
    static <T extends org.apache.avro.specific.SpecificRecordBase> ClickHouseSink<T> clickHouseSink(
            FlowJobOptions o, String databaseTable, Class<T> type) {
        int dot = databaseTable.indexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("ClickHouse table must be DATABASE.TABLE, got " + databaseTable);
        }
        ClickHouseSinkConfig config = ClickHouseSinkConfig.builder()
                .endpoint(o.get("clickhouse-url"))
                .table(databaseTable.substring(0, dot), databaseTable.substring(dot + 1))
                .sinkId(sinkId(o.get("group-id"), databaseTable))
                .build();
        return new ClickHouseSink<>(config, AvroRowSerializer.forClass(type));
    }

    /** The sink's name in ClickHouse's commit log: stable per job and table, [A-Za-z0-9_]{1,64}. */
    static String sinkId(String groupId, String databaseTable) {
        String id = (groupId + "_" + databaseTable).replaceAll("[^A-Za-z0-9_]", "_");
        if (id.length() <= 64) {
            return id;
        }
        return id.substring(0, 47) + "_" + String.format("%016x", (long) id.hashCode() * 0x9E3779B97F4A7C15L);
    }

    private static KafkaSink<DeadLetter> deadLetterSink(FlowJobOptions o, String bootstrap) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(bootstrap)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(KafkaRecordSerializationSchema.<DeadLetter>builder()
                        .setTopic(o.get("dead-letter-topic"))
                        .setValueSerializationSchema(new SingleObjectSerializer<>(DeadLetter.class))
                        .build())
                .build();
    }
}
