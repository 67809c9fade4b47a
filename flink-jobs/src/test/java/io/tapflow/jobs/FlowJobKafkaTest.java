package io.tapflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.flow.CloseType;
import io.tapflow.packet.batch.PacketBatchBuilder;
import io.tapflow.schema.DeadLetter;
import io.tapflow.schema.FlowKey;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.PacketBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The streaming job end to end on the real broker: packets in, exactly-once flow logs and dead letters out. */
@Tag("stack")
class FlowJobKafkaTest {
    private static final String BOOTSTRAP = "127.0.0.1:" + env("TAPFLOW_KAFKA_PORT", "19092");
    private static final int FLOWS = 40;
    private static final long BASE = 1_700_000_000_000_000L;

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Test
    void packetBatchesBecomeFlowLogsAndGarbageBecomesDeadLetters() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String packets = "test.packets." + run;
        String l4 = "test.l4." + run;
        String dead = "test.dead." + run;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            admin.createTopics(List.of(new NewTopic(packets, 3, (short) 1), new NewTopic(l4, 1, (short) 1),
                    new NewTopic(dead, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", BOOTSTRAP,
                "key.serializer", ByteArraySerializer.class, "value.serializer", ByteArraySerializer.class))) {
            for (int i = 0; i < FLOWS; i++) {
                // each flow in two batches: handshake + request, then response + FIN close
                for (PacketBatch batch : flow(i)) {
                    ByteBuffer value = batch.toByteBuffer();
                    producer.send(new ProducerRecord<>(packets, ("flow-" + i).getBytes(StandardCharsets.UTF_8),
                            toBytes(value)));
                }
            }
            producer.send(new ProducerRecord<>(packets, "junk".getBytes(StandardCharsets.UTF_8),
                    "this is not an Avro PacketBatch".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }

        FlowJobOptions options = FlowJobOptions.parse("--kafka-bootstrap", BOOTSTRAP, "--packets-topic", packets,
                "--l4-topic", l4, "--dead-letter-topic", dead, "--group-id", "test-" + run,
                "--starting-offsets", "earliest", "--bounded", "true", "--checkpoint-interval", "500ms",
                "--clickhouse-url", "", "--parallelism", "2");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        FlowJob.build(env, options);
        env.execute("flow job test");

        List<L4FlowLog> logs = new ArrayList<>();
        for (byte[] v : consume(l4, FLOWS)) {
            logs.add(L4FlowLog.fromByteBuffer(ByteBuffer.wrap(v)));
        }
        assertThat(logs).hasSize(FLOWS);
        assertThat(logs).allSatisfy(r -> {
            assertThat(r.getCloseType()).isEqualTo(CloseType.TCP_FIN);
            assertThat(r.getPacketTx()).isEqualTo(5);
            assertThat(r.getPacketRx()).isEqualTo(4);
            assertThat(r.getArtSum()).isEqualTo(20_000);
            assertThat(r.getRtt()).isEqualTo(3_000);
        });
        assertThat(logs).extracting(L4FlowLog::getClientPort).doesNotHaveDuplicates();

        List<byte[]> letters = consume(dead, 1);
        assertThat(letters).hasSize(1);
        DeadLetter letter = DeadLetter.fromByteBuffer(ByteBuffer.wrap(letters.get(0)));
        assertThat(letter.getSourceTopic()).isEqualTo(packets);
        assertThat(letter.getReasonCode()).isEqualTo(2);
        assertThat(new String(toBytes(letter.getRaw()), StandardCharsets.UTF_8)).isEqualTo("this is not an Avro PacketBatch");
    }

    private static List<PacketBatch> flow(int i) {
        FlowKey key = FlowKey.newBuilder().setIpVersion(4)
                .setIpSrc(ByteBuffer.wrap(new byte[] {10, 1, (byte) (i >> 8), (byte) i}))
                .setIpDst(ByteBuffer.wrap(new byte[] {10, 2, 0, 1}))
                .setPortSrc(40000 + i).setPortDst(443).setProtocol(6).setVlan(0).setMacSrc(1).setMacDst(2)
                .setTunnelType(0).setTunnelId(0).setTunnelIpSrc(ByteBuffer.allocate(0)).setTunnelIpDst(ByteBuffer.allocate(0))
                .build();
        long t = BASE + i * 10_000L;
        PacketBatchBuilder b = new PacketBatchBuilder();
        b.add(t, 0, 60, 0, 0x02, 100, 0, 65535, 64);
        b.add(t + 1_000, 1, 60, 0, 0x12, 900, 101, 65535, 64);
        b.add(t + 3_000, 0, 52, 0, 0x10, 101, 901, 512, 64);
        b.add(t + 4_000, 0, 152, 100, 0x18, 101, 901, 512, 64);
        PacketBatch first = b.build("agent-1", 3, 0, "eth0", 0, key);
        b.add(t + 24_000, 1, 352, 300, 0x18, 901, 201, 512, 64);
        b.add(t + 25_000, 0, 52, 0, 0x11, 201, 1201, 512, 64);
        b.add(t + 26_000, 1, 52, 0, 0x11, 1201, 202, 512, 64);
        b.add(t + 27_000, 0, 52, 0, 0x10, 202, 1202, 512, 64);
        b.add(t + 27_500, 1, 52, 0, 0x10, 1202, 202, 512, 64);
        return List.of(first, b.build("agent-1", 3, 0, "eth0", 1, key));
    }

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
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // read until the expected count, then a little longer to catch duplicates
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

    private static byte[] toBytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
