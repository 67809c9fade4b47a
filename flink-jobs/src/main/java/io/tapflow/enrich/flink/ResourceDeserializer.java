package io.tapflow.enrich.flink;

import io.tapflow.enrich.CatalogMarkers;
import io.tapflow.schema.Resource;
import io.tapflow.schema.codec.PublishedSchema;
import io.tapflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes tapflow.resources: a value is a single-object encoded Resource (any released version); a
 * null value (tombstone) becomes {@link CatalogMarkers#tombstone}. An undecodable record is logged
 * and skipped: one bad catalog entry must not stop flow processing.
 *
 * <p>At open it asks the broker for the topic's end offsets; once every partition has been read up
 * to them it emits {@link CatalogMarkers#catalogReady()} (once), which releases the records the
 * enrichment operator holds at a fresh start. Meant for a source of parallelism 1 (the catalog is
 * small), so one reader sees every partition.
 */
public final class ResourceDeserializer implements KafkaRecordDeserializationSchema<Resource> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ResourceDeserializer.class);

    private final String bootstrap;
    private final String topic;

    private transient BinaryMessageDecoder<Resource> decoder;
    private transient Map<Integer, Long> pendingEnd; // partition -> end offset not reached yet
    private transient boolean readySent;

    public ResourceDeserializer(String bootstrap, String topic) {
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        decoder = Resource.createDecoder(null);
        SingleObjectCodec.registerReleasedVersions(decoder, PublishedSchema.RESOURCE);
        pendingEnd = endOffsets();
        readySent = false;
    }

    private Map<Integer, Long> endOffsets() {
        Map<Integer, Long> pending = new HashMap<>();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            d.partitions().forEach(info -> specs.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest()));
            admin.listOffsets(specs).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> {
                if (info.offset() > 0) {
                    pending.put(tp.partition(), info.offset());
                }
            });
        } catch (Exception e) {
            LOG.warn("cannot read the end offsets of {} ({}); the enrichment operator will wait for its catalog-wait instead", topic, e.toString());
            return null;
        }
        return pending;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Resource> out) {
        if (decoder == null) {
            try {
                open(null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            Resource tombstone = CatalogMarkers.tombstone(key);
            if (tombstone != null) {
                out.collect(tombstone);
            } else {
                LOG.warn("{}-{}@{}: tombstone with a key that is not KIND/id: {}", record.topic(), record.partition(), record.offset(), key);
            }
        } else {
            try {
                out.collect(decoder.decode(record.value()));
            } catch (Exception e) {
                LOG.warn("{}-{}@{} (key {}): undecodable catalog record skipped: {}", record.topic(), record.partition(),
                        record.offset(), key, e.toString());
            }
        }
        trackEnd(record, out);
    }

    private void trackEnd(ConsumerRecord<byte[], byte[]> record, Collector<Resource> out) {
        if (readySent || pendingEnd == null) {
            return;
        }
        Long end = pendingEnd.get(record.partition());
        if (end != null && record.offset() >= end - 1) {
            pendingEnd.remove(record.partition());
        }
        if (pendingEnd.isEmpty()) {
            readySent = true;
            out.collect(CatalogMarkers.catalogReady());
        }
    }

    @Override
    public TypeInformation<Resource> getProducedType() {
        return TypeInformation.of(Resource.class);
    }
}
