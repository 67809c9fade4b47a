package io.tapflow.enrich.flink;

import static io.tapflow.enrich.Resources.entry;
import static io.tapflow.enrich.Resources.flow;
import static io.tapflow.enrich.Resources.ips;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.enrich.EnrichmentConfig;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.Resource;
import io.tapflow.schema.ResourceKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The catalog read from a real broker: single-object values, a tombstone, and the catalog-ready
 * marker that releases the records held at start (needs ./tapflow up).
 */
@Tag("stack")
class EnrichmentKafkaStackTest {
    private static final String BOOTSTRAP = "127.0.0.1:" + System.getenv().getOrDefault("TAPFLOW_KAFKA_PORT", "19092");

    @Test
    void catalogFromKafkaTagsFlowsHeldUntilItIsLoaded() throws Exception {
        String topic = "tapflow.resources.test-" + UUID.randomUUID();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        List<Resource> catalog = List.of(
                entry(ResourceKind.VPC, 7, 1).build(),
                entry(ResourceKind.SUBNET, 70, 1).setL3EpcId(7).setIpBindings(ips(0, "172.20.0.0/16")).build(),
                entry(ResourceKind.VM, 71, 1).setL3EpcId(7).setIpBindings(ips(0, "172.20.0.1")).build(),
                entry(ResourceKind.VM, 72, 1).setL3EpcId(7).setIpBindings(ips(0, "172.20.0.2")).build());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Resource r : catalog) {
                ByteBuffer b = r.toByteBuffer();
                byte[] value = new byte[b.remaining()];
                b.get(value);
                producer.send(new ProducerRecord<>(topic, (r.getKind() + "/" + r.getId()).getBytes(StandardCharsets.UTF_8), value)).get();
            }
            // VM 72 is forgotten: its address falls back to the subnet
            producer.send(new ProducerRecord<>(topic, "VM/72".getBytes(StandardCharsets.UTF_8), null)).get();
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<L4FlowLog> flows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            L4FlowLog f = flow("172.20.0.1", "172.20.0.2", 1_700_000_000L);
            f.setFlowId(i + 1);
            flows.add(f);
        }
        DataStream<L4FlowLog> flowStream = env.fromData(TypeInformation.of(L4FlowLog.class), flows.toArray(new L4FlowLog[0]))
                .assignTimestampsAndWatermarks(WatermarkStrategy.noWatermarks());
        DataStream<Resource> resources = Enrichment.resources(env, BOOTSTRAP, topic);
        // a long catalog wait: only the catalog-ready marker can release the flows in time
        EnrichmentConfig config = EnrichmentConfig.builder().catalogWait(Duration.ofMinutes(5)).build();
        List<L4FlowLog> out = Enrichment.apply(flowStream, resources, config).executeAndCollect("enrichment from kafka", 3);

        assertThat(out).hasSize(3);
        for (L4FlowLog f : out) {
            assertThat(f.getL3DeviceId0()).isEqualTo(71);
            assertThat(f.getL3EpcId0()).isEqualTo(7);
            assertThat(f.getL3DeviceId1()).as("forgotten by its tombstone").isZero();
            assertThat(f.getSubnetId1()).isEqualTo(70);
        }
        try (Admin admin = Admin.create(p)) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
    }
}
