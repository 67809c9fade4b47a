package io.tapflow.schema.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;

/**
 * Avro single-object encoding for one published schema, without a schema registry: a message is
 * {@code 0xC3 0x01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer's schema, then
 * the Avro binary body. The decoder knows every released version of the schema by fingerprint and
 * resolves old messages onto the current version, so a consumer upgraded to a newer schemas jar
 * still reads what older producers wrote.
 *
 * <p>Works on {@link GenericRecord}s; generated classes have the same encoding through their own
 * {@code toByteBuffer()} / {@code fromByteBuffer()} (use {@link #registerReleasedVersions} on their
 * decoder to read old versions). Instances are thread-safe.
 */
public final class SingleObjectCodec {

    /** First two bytes of every single-object encoded message. */
    public static final byte MAGIC_0 = (byte) 0xC3;
    public static final byte MAGIC_1 = (byte) 0x01;
    /** Header length: 2 magic bytes + 8 fingerprint bytes. */
    public static final int HEADER_LENGTH = 10;

    private final PublishedSchema published;
    private final Schema readerSchema;
    private final BinaryMessageEncoder<GenericRecord> encoder;
    private final BinaryMessageDecoder<GenericRecord> decoder;

    private SingleObjectCodec(PublishedSchema published, SchemaCatalog catalog) {
        this.published = published;
        this.readerSchema = catalog.current(published);
        this.encoder = new BinaryMessageEncoder<>(GenericData.get(), readerSchema);
        SchemaStore.Cache store = new SchemaStore.Cache();
        for (Schema s : catalog.allVersions(published)) {
            store.addSchema(s);
        }
        this.decoder = new BinaryMessageDecoder<>(GenericData.get(), readerSchema, store);
    }

    /** A codec for {@code schema} backed by the schemas on the classpath. */
    public static SingleObjectCodec of(PublishedSchema schema) {
        return new SingleObjectCodec(schema, SchemaCatalog.fromClasspath());
    }

    /** A codec for {@code schema} backed by the versions {@code catalog} knows. */
    public static SingleObjectCodec of(PublishedSchema schema, SchemaCatalog catalog) {
        return new SingleObjectCodec(schema, catalog);
    }

    /** The schema records are encoded with and decoded into (the current version). */
    public Schema schema() {
        return readerSchema;
    }

    public PublishedSchema publishedSchema() {
        return published;
    }

    /** Encodes a record of the current schema (its fingerprint goes into the header). */
    public byte[] encode(GenericRecord record) {
        try {
            ByteBuffer buf = encoder.encode(record);
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes a message written with any known version of this schema, projected onto the current
     * version (fields added since get their defaults).
     *
     * @throws UndecodableMessageException with a reason a dead-letter record can carry
     */
    public GenericRecord decode(byte[] message) {
        try {
            return decoder.decode(message);
        } catch (MissingSchemaException e) {
            throw new UndecodableMessageException(UndecodableMessageException.Reason.UNKNOWN_FINGERPRINT,
                    "no known version of " + published.recordName() + " has fingerprint " + hex(fingerprintOf(message)), e);
        } catch (BadHeaderException e) {
            throw new UndecodableMessageException(UndecodableMessageException.Reason.BAD_HEADER,
                    "not an Avro single-object message (expected header C3 01): " + e.getMessage(), e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            throw new UndecodableMessageException(UndecodableMessageException.Reason.CORRUPT_BODY,
                    "corrupt " + published.recordName() + " body: " + e, e);
        }
    }

    /**
     * Teaches a generated class's decoder (e.g. {@code L4FlowLog.getDecoder()}) every released
     * version of its schema, so {@code L4FlowLog.fromByteBuffer} reads messages of older producers.
     */
    public static void registerReleasedVersions(BinaryMessageDecoder<?> decoder, PublishedSchema schema) {
        for (Schema s : SchemaCatalog.fromClasspath().allVersions(schema)) {
            decoder.addSchema(s);
        }
    }

    /** True if the message starts with the single-object marker and is long enough for a header. */
    public static boolean hasHeader(byte[] message) {
        return message != null && message.length >= HEADER_LENGTH && message[0] == MAGIC_0 && message[1] == MAGIC_1;
    }

    /** The writer-schema fingerprint in a message's header. */
    public static long fingerprintOf(byte[] message) {
        if (!hasHeader(message)) {
            throw new UndecodableMessageException(UndecodableMessageException.Reason.BAD_HEADER,
                    "not an Avro single-object message (expected header C3 01 and 8 fingerprint bytes)", null);
        }
        return ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static String hex(long fingerprint) {
        return String.format("%016x", fingerprint);
    }
}
