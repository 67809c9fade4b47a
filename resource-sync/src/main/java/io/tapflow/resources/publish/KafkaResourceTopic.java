package io.tapflow.resources.publish;

import io.tapflow.schema.Resource;
import io.tapflow.schema.codec.PublishedSchema;
import io.tapflow.schema.codec.SingleObjectCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * tapflow.resources on a Kafka cluster: creates it compacted when missing, writes batches in one
 * transaction (all or nothing, readers use read_committed), and reads the whole current catalog
 * back. Values are Avro single-object encoded Resource records; a deletion is a record with
 * {@code deleted = true}, later followed by a null-value tombstone so compaction forgets the key.
 */
public final class KafkaResourceTopic implements ResourceSink, AutoCloseable {
    private final String bootstrap;
    private final String topic;
    private final String transactionalId;
    private KafkaProducer<byte[], byte[]> producer;

    /** @param transactionalId identifies the writer (one per source), so a restarted writer fences its previous self */
    public KafkaResourceTopic(String bootstrap, String topic, String transactionalId) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.transactionalId = transactionalId;
    }

    /**
     * Creates the topic compacted (replication 1 on a one-broker cluster, else up to 3) if it does
     * not exist; fails if it exists without compaction, because then deleted keys and old versions
     * would never go away (or would vanish by time retention while still current).
     */
    public void ensureTopic(int partitions) {
        try (Admin admin = Admin.create(adminProps())) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short replication = (short) Math.max(1, Math.min(3, brokers));
            NewTopic t = new NewTopic(topic, partitions, replication).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    // keep a deleted entry's tombstone a day, so a consumer down for hours still sees the delete
                    TopicConfig.DELETE_RETENTION_MS_CONFIG, String.valueOf(Duration.ofDays(1).toMillis())));
            try {
                admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config c = admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r);
                String policy = c.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
                if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                    throw new IllegalStateException("topic " + topic + " exists with cleanup.policy=" + policy
                            + "; the resource catalog needs a compacted topic (cleanup.policy=compact)");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topic, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create or inspect topic " + topic + " at " + bootstrap + ": " + e, e);
        }
    }

    @Override
    public void publish(List<Resource> records, List<String> tombstoneKeys) {
        if (records.isEmpty() && tombstoneKeys.isEmpty()) {
            return;
        }
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
            producer.initTransactions();
        }
        producer.beginTransaction();
        try {
            for (Resource r : records) {
                producer.send(new ProducerRecord<>(topic, ResourceSink.key(r).getBytes(StandardCharsets.UTF_8), encode(r)));
            }
            for (String key : tombstoneKeys) {
                producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), null));
            }
            producer.commitTransaction();
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException ignored) {
                // the producer is fenced or broken; the aborted transaction is what matters
            }
            producer.close(Duration.ofSeconds(5));
            producer = null;
            throw e;
        }
    }

    /**
     * The current catalog: the newest committed value per key, up to the topic's end as of the call;
     * keys whose newest record is a tombstone are absent. Undecodable values are reported.
     */
    public Map<String, Resource> readAll() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "tapflow-catalog-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        BinaryMessageDecoder<Resource> decoder = Resource.createDecoder(null);
        SingleObjectCodec.registerReleasedVersions(decoder, PublishedSchema.RESOURCE);
        Map<String, Resource> out = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(parts, Duration.ofSeconds(30)));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + topic + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        out.remove(key);
                        continue;
                    }
                    try {
                        out.put(key, decoder.decode(r.value()));
                    } catch (IOException | RuntimeException e) {
                        throw new IllegalStateException(topic + "-" + r.partition() + "@" + r.offset() + " (key " + key
                                + "): undecodable catalog record: " + e.getMessage(), e);
                    }
                }
            }
        }
        return out;
    }

    static byte[] encode(Resource r) {
        try {
            ByteBuffer b = r.toByteBuffer();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Properties adminProps() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }
}
