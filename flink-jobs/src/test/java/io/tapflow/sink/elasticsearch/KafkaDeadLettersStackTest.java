package io.tapflow.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.deadletter.DeadLetters;
import io.tapflow.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A rejected document reaches the dead-letter topic on the local Kafka broker, decodable as a DeadLetter. */
@Tag("stack")
class KafkaDeadLettersStackTest {
    @Test
    void rejectedDocumentIsReadBackFromTheTopic() throws Exception {
        String bootstrap = "127.0.0.1:" + System.getenv().getOrDefault("TAPFLOW_KAFKA_PORT", "19092");
        String topic = "tapflow-test-dead-letters-" + UUID.randomUUID();
        KafkaDeadLetters handler = new KafkaDeadLetters(bootstrap, topic);
        DeadLetter sent = DeadLetters.fromFile(BulkIndexer.COMPONENT, "", -1, DeadLetters.OTHER,
                "elasticsearch rejected document tapflow-l4-2026.11.20/1-2: HTTP 400 mapper_parsing_exception: x",
                "{\"ip_0\":\"bad\"}".getBytes(StandardCharsets.UTF_8));
        try {
            handler.accept(sent);
        } finally {
            handler.close();
        }

        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            ConsumerRecord<byte[], byte[]> record = null;
            long until = System.nanoTime() + 20_000_000_000L;
            while (record == null && System.nanoTime() < until) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    record = r;
                }
            }
            assertThat(record).isNotNull();
            DeadLetter got = DeadLetter.getDecoder().decode(ByteBuffer.wrap(record.value()));
            assertThat(got.getComponent()).isEqualTo("elasticsearch-sink");
            assertThat(got.getReason()).contains("mapper_parsing_exception");
            assertThat(StandardCharsets.UTF_8.decode(got.getRaw()).toString()).isEqualTo("{\"ip_0\":\"bad\"}");
        } finally {
            try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
    }
}
