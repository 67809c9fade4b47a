package io.tapflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.gen.CaptureGenerator;
import io.tapflow.schema.codec.PublishedSchema;
import io.tapflow.schema.codec.SingleObjectCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metric rows on Kafka for third parties: exactly once (transactions committed by checkpoints),
 * 1 s and 1 min rows together on one topic per family, each value Avro single-object encoded and
 * decodable with the published schemas alone. Needs the local broker (TAPFLOW_KAFKA_PORT, 19092).
 */
@Tag("stack")
class MetricsKafkaTest {
    private static final String BOOTSTRAP = "127.0.0.1:" + System.getenv().getOrDefault("TAPFLOW_KAFKA_PORT", "19092");

    @TempDir
    Path dir;

    @Test
    void rowsReachKafkaExactlyOnceAsSingleObjectAvro() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String network = "test-" + id + "-network-metrics";
        String networkMap = "test-" + id + "-network-map-metrics";
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", BOOTSTRAP))) {
            admin.createTopics(List.of(new NewTopic(network, 2, (short) 1), new NewTopic(networkMap, 2, (short) 1))).all().get();
        }
        Path capture = dir.resolve("all.pcap");
        new CaptureGenerator().seed(7).writeTruthFile(false).generate("all", capture);
        MetricsConfig config = MetricsConfig.builder().networkTopic(network).networkMapTopic(networkMap)
                .applicationTopic("test-" + id + "-application-metrics").applicationMapTopic("test-" + id + "-application-map-metrics").build();
        PipelineRun run = PipelineRun.run(capture, 2, config, (env, streams) -> {
            env.enableCheckpointing(500);
            streams.sinkToKafka(BOOTSTRAP, DeliveryGuarantee.EXACTLY_ONCE, "test-metrics-" + id);
        });

        List<GenericRecord> networkRows = decode(consume(network, run.network1s.size() + run.network1m.size()), PublishedSchema.NETWORK_METRICS);
        List<GenericRecord> mapRows = decode(consume(networkMap, run.networkMap1s.size() + run.networkMap1m.size()), PublishedSchema.NETWORK_MAP_METRICS);
        assertThat(networkRows).hasSize(run.network1s.size() + run.network1m.size());
        assertThat(mapRows).hasSize(run.networkMap1s.size() + run.networkMap1m.size());
        assertThat(networkRows.stream().filter(r -> (Integer) r.get("period") == 60).count()).isEqualTo(run.network1m.size());
        assertThat(MetricsPipelineTest.sum(mapRows, "byte_tx"))
                .isEqualTo(MetricsPipelineTest.sum(MetricsPipelineTest.records(run.networkMap1s), "byte_tx")
                        + MetricsPipelineTest.sum(MetricsPipelineTest.records(run.networkMap1m), "byte_tx"));
        assertThat(MetricsPipelineTest.sum(networkRows, "flow_load"))
                .isEqualTo(MetricsPipelineTest.sum(MetricsPipelineTest.records(run.network1s), "flow_load")
                        + MetricsPipelineTest.sum(MetricsPipelineTest.records(run.network1m), "flow_load"));
    }

    private static List<GenericRecord> decode(List<byte[]> values, PublishedSchema schema) {
        SingleObjectCodec codec = SingleObjectCodec.of(schema);
        List<GenericRecord> out = new ArrayList<>();
        for (byte[] v : values) {
            out.add(codec.decode(v));
        }
        return out;
    }

    /** Reads the topic until {@code expected} values arrived, then 2 s more to catch duplicates. */
    private static List<byte[]> consume(String topic, int expected) {
        Properties p = new Properties();
        p.put("bootstrap.servers", BOOTSTRAP);
        p.put("group.id", "reader-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
                if (out.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return out;
    }
}
