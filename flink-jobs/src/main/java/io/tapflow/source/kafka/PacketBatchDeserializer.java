package io.tapflow.source.kafka;

import io.tapflow.deadletter.DeadLetters;
import io.tapflow.schema.PacketBatch;
import io.tapflow.schema.codec.PublishedSchema;
import io.tapflow.schema.codec.SingleObjectCodec;
import java.io.IOException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes tapflow.packets values (Avro single-object encoding of any released PacketBatch
 * version). A record that does not decode becomes a dead letter with its bytes and the reason,
 * never an exception that would fail the job.
 */
public final class PacketBatchDeserializer implements KafkaRecordDeserializationSchema<IngestRecord> {
    private static final long serialVersionUID = 1L;

    private transient BinaryMessageDecoder<PacketBatch> decoder;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IngestRecord> out) {
        if (decoder == null) {
            decoder = PacketBatch.createDecoder(null);
            SingleObjectCodec.registerReleasedVersions(decoder, PublishedSchema.PACKET_BATCH);
        }
        byte[] value = record.value();
        if (value == null) {
            out.collect(fail(record, DeadLetters.UNDECODABLE_AVRO, "empty record value"));
            return;
        }
        try {
            out.collect(IngestRecord.of(decoder.decode(value), record.timestamp()));
        } catch (MissingSchemaException e) {
            out.collect(fail(record, DeadLetters.BAD_SINGLE_OBJECT_HEADER, "unknown schema fingerprint: " + e.getMessage()));
        } catch (IOException | RuntimeException e) {
            int code = SingleObjectCodec.hasHeader(value) ? DeadLetters.UNDECODABLE_AVRO : DeadLetters.BAD_SINGLE_OBJECT_HEADER;
            out.collect(fail(record, code, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private static IngestRecord fail(ConsumerRecord<byte[], byte[]> record, int code, String reason) {
        return IngestRecord.failed(DeadLetters.fromKafka("flow-engine", record.topic(), record.partition(), record.offset(),
                code, reason, record.value()), record.timestamp());
    }

    @Override
    public TypeInformation<IngestRecord> getProducedType() {
        return TypeInformation.of(IngestRecord.class);
    }
}
