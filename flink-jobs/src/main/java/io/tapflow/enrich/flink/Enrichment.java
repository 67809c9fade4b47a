package io.tapflow.enrich.flink;

import io.tapflow.enrich.EnrichmentConfig;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.L7FlowLog;
import io.tapflow.schema.Resource;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry points for jobs: the resource stream and the catalog join.
 *
 * <pre>{@code
 * DataStream<Resource> catalog = Enrichment.resources(env, bootstrap, "tapflow.resources");
 * DataStream<L4FlowLog> tagged = Enrichment.apply(flowLogs, catalog, EnrichmentConfig.defaults());
 * }</pre>
 */
public final class Enrichment {
    /** Default topic of the catalog (compacted, key KIND/id). */
    public static final String TOPIC = "tapflow.resources";

    private Enrichment() {}

    /** L4 flow logs with their _0/_1 tag columns filled (operator uid {@code enrich-l4}). */
    public static DataStream<L4FlowLog> apply(DataStream<L4FlowLog> flows, DataStream<Resource> resources, EnrichmentConfig config) {
        return apply(flows, resources, config, RecordTagger.L4_FLOW_LOG, TypeInformation.of(L4FlowLog.class), "enrich-l4");
    }

    /** L7 flow logs with their _0/_1 tag columns filled (operator uid {@code enrich-l7}); VPC by tap or address only. */
    public static DataStream<L7FlowLog> applyL7(DataStream<L7FlowLog> logs, DataStream<Resource> resources, EnrichmentConfig config) {
        return apply(logs, resources, config, RecordTagger.L7_FLOW_LOG, TypeInformation.of(L7FlowLog.class), "enrich-l7");
    }

    /** Any record type, with its own tagger; {@code uid} must be unique in the job and stable across versions. */
    public static <T> DataStream<T> apply(DataStream<T> records, DataStream<Resource> resources, EnrichmentConfig config,
            RecordTagger<T> tagger, TypeInformation<T> type, String uid) {
        BroadcastStream<Resource> catalog = resources.broadcast(EnrichmentFunction.CATALOG_STATE);
        return records.connect(catalog)
                .process(new EnrichmentFunction<>(config, tagger, type), type)
                .name("enrich (" + uid + ")").uid(uid);
    }

    /**
     * The catalog from Kafka: read from the earliest offset (a compacted topic holds the whole
     * catalog), committed records only, one reader (uid {@code resource-source}). Its watermark is
     * held at the maximum so the idle catalog input never delays event time downstream.
     */
    public static DataStream<Resource> resources(StreamExecutionEnvironment env, String bootstrap, String topic) {
        KafkaSource<Resource> source = KafkaSource.<Resource>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId("tapflow-enrichment")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new ResourceDeserializer(bootstrap, topic))
                .setProperty("isolation.level", "read_committed")
                .build();
        return env.fromSource(source, neverHoldsEventTime(), "kafka " + topic).setParallelism(1).uid("resource-source");
    }

    /** A watermark strategy for side inputs that must not hold back the event time of the main input. */
    public static <T> WatermarkStrategy<T> neverHoldsEventTime() {
        return WatermarkStrategy.forGenerator(ctx -> new WatermarkGenerator<T>() {
            @Override
            public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        });
    }
}
