package io.tapflow.sink.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Kafka values for third parties: Avro single-object encoding (0xC3 0x01, the schema's 8-byte
 * fingerprint, the binary body), decodable with only the published .avsc files (docs/schemas.md).
 */
public final class SingleObjectSerializer<T extends SpecificRecordBase> implements SerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient BinaryMessageEncoder<T> encoder;

    public SingleObjectSerializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public void open(InitializationContext context) {
        encoder = new BinaryMessageEncoder<>(SpecificData.getForClass(type), SpecificData.get().getSchema(type));
    }

    @Override
    public byte[] serialize(T record) {
        if (encoder == null) {
            open(null);
        }
        try {
            return encoder.encode(record).array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
