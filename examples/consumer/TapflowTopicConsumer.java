// A third party's view of tapflow: read any tapflow topic with nothing but Apache Avro,
// kafka-clients and the published .avsc files. No tapflow code, no schema registry.
//
//   java -cp "$(cat classpath.txt)" TapflowTopicConsumer.java \
//        --bootstrap 127.0.0.1:19092 --topic tapflow.l4-flow-log.v1 \
//        --schemas ../../schemas/src/main/avro --schemas ../../schemas/src/released [--max 10] [--from-beginning]
//
// Every message value is Avro single-object encoded: C3 01, the 8-byte little-endian CRC-64-AVRO
// fingerprint of the writer's schema, then the binary body. We fingerprint every .avsc we were
// given (current and released versions), pick the writer schema by the header, and print each
// record as one JSON line on stdout.

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

public class TapflowTopicConsumer {

    /** Writer schemas by fingerprint, from every .avsc file under the given directories. */
    static Map<Long, Schema> loadSchemas(List<Path> dirs) throws IOException {
        Map<Long, Schema> byFingerprint = new HashMap<>();
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".avsc"))::iterator) {
                    Schema s = new Schema.Parser().parse(f.toFile()); // one parser per file: versions may share a name
                    byFingerprint.putIfAbsent(SchemaNormalization.parsingFingerprint64(s), s);
                }
            }
        }
        return byFingerprint;
    }

    /** Decodes one single-object encoded message with the writer schema named in its header. */
    static GenericRecord decode(byte[] message, Map<Long, Schema> schemas) throws IOException {
        if (message.length < 10 || message[0] != (byte) 0xC3 || message[1] != (byte) 0x01) {
            throw new IOException("not an Avro single-object message");
        }
        long fingerprint = ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema writer = schemas.get(fingerprint);
        if (writer == null) {
            throw new IOException(String.format("unknown schema fingerprint %016x: get the newer .avsc files", fingerprint));
        }
        return new GenericDatumReader<GenericRecord>(writer)
                .read(null, DecoderFactory.get().binaryDecoder(message, 10, message.length - 10, null));
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = "127.0.0.1:19092";
        String topic = null;
        List<Path> schemaDirs = new ArrayList<>();
        long max = Long.MAX_VALUE;
        boolean fromBeginning = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[++i];
                case "--topic" -> topic = args[++i];
                case "--schemas" -> schemaDirs.add(Path.of(args[++i]));
                case "--max" -> max = Long.parseLong(args[++i]);
                case "--from-beginning" -> fromBeginning = true;
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (topic == null || schemaDirs.isEmpty()) {
            System.err.println("usage: TapflowTopicConsumer --topic TOPIC --schemas DIR [--schemas DIR]... [--bootstrap HOST:PORT] [--max N] [--from-beginning]");
            System.exit(2);
        }
        Map<Long, Schema> schemas = loadSchemas(schemaDirs);

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "tapflow-example-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long seen = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (seen < max) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        continue; // tombstone on a compacted topic
                    }
                    try {
                        System.out.println(GenericData.get().toString(decode(r.value(), schemas)));
                    } catch (IOException e) {
                        System.err.printf("partition %d offset %d: %s%n", r.partition(), r.offset(), e.getMessage());
                    }
                    if (++seen >= max) {
                        break;
                    }
                }
            }
        }
    }
}
