package io.tapflow.agent.testing;

import io.tapflow.schema.PacketBatch;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** A test topic of PacketBatch records: created fresh, read back like a third-party consumer would. */
public final class BatchTopic implements AutoCloseable {
    private final String bootstrap;
    private final String name;

    /** One key and its decoded batch. */
    public record Record(byte[] key, PacketBatch batch) {
    }

    private BatchTopic(String bootstrap, String name) {
        this.bootstrap = bootstrap;
        this.name = name;
    }

    /** Creates a topic with a unique name (prefix + random) and {@code partitions} partitions. */
    public static BatchTopic create(String bootstrap, String prefix, int partitions) throws Exception {
        String name = prefix + "." + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        return new BatchTopic(bootstrap, name);
    }

    public String name() {
        return name;
    }

    /** Reads from the beginning until {@code done} holds for what was read, or the timeout. */
    public List<Record> readUntil(Predicate<List<Record>> done, Duration timeout) throws IOException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Record> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(Set.of(name));
            while (!done.test(records) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    records.add(new Record(r.key(), PacketBatch.fromByteBuffer(java.nio.ByteBuffer.wrap(r.value()))));
                }
            }
        }
        return records;
    }

    /** Sums packets over records. */
    public static long packets(List<Record> records) {
        long n = 0;
        for (Record r : records) {
            n += r.batch().getPacketCount();
        }
        return n;
    }

    @Override
    public void close() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS);
        }
    }
}
