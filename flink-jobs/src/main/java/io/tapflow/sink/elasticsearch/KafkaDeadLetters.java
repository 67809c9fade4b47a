package io.tapflow.sink.elasticsearch;

import io.tapflow.schema.DeadLetter;
import io.tapflow.sink.kafka.SingleObjectSerializer;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends rejected documents to the dead-letter topic (Avro single-object encoding, as every other
 * dead letter). Each send waits for the broker's acknowledgement: rejections are rare, and a dead
 * letter must not be lost between a checkpoint and a crash.
 */
public final class KafkaDeadLetters implements DeadLetterHandler {
    private static final long serialVersionUID = 1L;

    private final String bootstrap;
    private final String topic;
    private transient KafkaProducer<byte[], byte[]> producer;
    private transient SingleObjectSerializer<DeadLetter> serializer;

    public KafkaDeadLetters(String bootstrap, String topic) {
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    @Override
    public void accept(DeadLetter letter) throws Exception {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "tapflow-elasticsearch-dead-letters");
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
            serializer = new SingleObjectSerializer<>(DeadLetter.class);
        }
        producer.send(new ProducerRecord<>(topic, serializer.serialize(letter))).get();
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}
