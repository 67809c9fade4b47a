package io.tapflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.flow.CloseType;
import io.tapflow.schema.DeadLetter;
import io.tapflow.schema.L4FlowLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The streaming job end to end on the real broker: packets in, exactly-once flow logs and dead letters out. */
@Tag("stack")
class FlowJobKafkaTest {
    private static final String BOOTSTRAP = TestFlows.BOOTSTRAP;
    private static final int FLOWS = 40;

    @Test
    void packetBatchesBecomeFlowLogsAndGarbageBecomesDeadLetters() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String packets = "test.packets." + run;
        String l4 = "test.l4." + run;
        String dead = "test.dead." + run;
        TestFlows.createTopics(packets, l4, dead);
        try (KafkaProducer<byte[], byte[]> producer = TestFlows.producer()) {
            for (int i = 0; i < FLOWS; i++) {
                TestFlows.send(producer, packets, i);
            }
            producer.send(new ProducerRecord<>(packets, "junk".getBytes(StandardCharsets.UTF_8),
                    "this is not an Avro PacketBatch".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }

        FlowJobOptions options = FlowJobOptions.parse("--kafka-bootstrap", BOOTSTRAP, "--packets-topic", packets,
                "--l4-topic", l4, "--dead-letter-topic", dead, "--group-id", "test-" + run,
                "--starting-offsets", "earliest", "--bounded", "true", "--checkpoint-interval", "500ms",
                "--clickhouse-url", "", "--resources-topic", "", "--l7-topic", "", "--parallelism", "2");
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

    static List<byte[]> consume(String topic, int expected) {
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

    static byte[] toBytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
