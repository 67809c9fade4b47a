package io.tapflow.schema.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.L4FlowLog;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs examples/consumer/TapflowTopicConsumer.java — the third-party example, a single source file
 * that knows nothing of tapflow but the .avsc files — against the local Kafka broker and checks it
 * prints the records a tapflow producer wrote.
 */
@Tag("stack")
class ConsumerExampleStackTest {

    private static final String BOOTSTRAP = "127.0.0.1:" + System.getenv().getOrDefault("TAPFLOW_KAFKA_PORT", "19092");

    @Test
    void exampleConsumerDecodesFlowLogsWithOnlyTheAvscFiles() throws Exception {
        String topic = "tapflow.test.example-consumer." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long id = 1; id <= 3; id++) {
                ByteBuffer value = L4FlowLog.newBuilder().setFlowId(id).setAgentId("example").setByteTx(100 * id)
                        .setStartTime(Instant.ofEpochSecond(1_700_000_000L)).setEndTime(Instant.ofEpochSecond(1_700_000_001L))
                        .build().toByteBuffer();
                byte[] bytes = new byte[value.remaining()];
                value.get(bytes);
                producer.send(new ProducerRecord<>(topic, ByteBuffer.allocate(8).putLong(id).array(), bytes)).get();
            }
        }

        Path repo = Path.of("..").toAbsolutePath().normalize();
        Path out = Files.createTempFile("consumer-example", ".jsonl");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process proc = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath,
                repo.resolve("examples/consumer/TapflowTopicConsumer.java").toString(),
                "--bootstrap", BOOTSTRAP, "--topic", topic, "--from-beginning", "--max", "3",
                "--schemas", repo.resolve("schemas/src/main/avro").toString(),
                "--schemas", repo.resolve("schemas/src/released").toString())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(new File("target/consumer-example.stderr")))
                .start();
        assertThat(proc.waitFor(120, TimeUnit.SECONDS)).as("example finished").isTrue();
        assertThat(proc.exitValue()).isZero();

        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(lines.get(i)).contains("\"flow_id\": " + (i + 1)).contains("\"byte_tx\": " + (100 * (i + 1)))
                    .contains("\"agent_id\": \"example\"").contains("\"start_time\": 1700000000000000");
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
    }
}
