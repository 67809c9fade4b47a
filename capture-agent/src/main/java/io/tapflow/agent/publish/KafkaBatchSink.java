package io.tapflow.agent.publish;

import io.tapflow.packet.batch.BatchSink;
import io.tapflow.schema.PacketBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * One capture thread's way into Kafka: encodes each batch in Avro single-object encoding (the
 * 0xC3 0x01 marker and the schema fingerprint, then the body: the tapflow.packets contract, so the
 * flow engine can read every released PacketBatch version), then hands it to the shared producer. Never blocks longer than
 * max-block and never throws: every batch ends up counted as sent or dropped (by reason).
 */
final class KafkaBatchSink implements BatchSink {
    private final KafkaPublisher publisher;
    private final SinkCounters counters;
    private final BinaryMessageEncoder<PacketBatch> encoder = PacketBatch.getEncoder();
    private final ExposedByteArrayOutputStream buffer = new ExposedByteArrayOutputStream(64 * 1024);
    /** The thread that calls accept(); the sink belongs to one capture thread. */
    private Thread captureThread;

    KafkaBatchSink(KafkaPublisher publisher, SinkCounters counters) {
        this.publisher = publisher;
        this.counters = counters;
    }

    @Override
    public void accept(byte[] kafkaKey, PacketBatch batch) {
        counters.batches.incrementAndGet();
        int packets = batch.getPacketCount();
        if (publisher.unavailable()) {
            counters.dropped(DropReason.KAFKA_UNAVAILABLE, packets);
            return;
        }
        byte[] value = encode(batch);
        int bytes = value.length + kafkaKey.length;
        if (!publisher.reserve(bytes)) {
            counters.dropped(DropReason.QUEUE_FULL, packets);
            return;
        }
        captureThread = Thread.currentThread();
        try {
            publisher.producer().send(new ProducerRecord<>(publisher.topic(), kafkaKey, value),
                    (metadata, exception) -> completed(exception, bytes, packets));
        } catch (KafkaException | IllegalStateException e) {
            // what send() throws instead of calling back (producer closed, interrupted, ...): the
            // capture thread must not die of it
            publisher.release(bytes);
            publisher.error(e);
            counters.dropped(DropReason.SEND_FAILED, packets);
        }
    }

    /**
     * Producer callback. It runs on the producer's I/O thread, except for errors raised inside
     * send() itself (no metadata, buffer exhausted), which the producer reports synchronously on the
     * capture thread: those mean "Kafka cannot take this now", not "Kafka lost it".
     */
    private void completed(Exception exception, int bytes, int packets) {
        publisher.release(bytes);
        if (exception == null) {
            counters.sent.incrementAndGet();
            counters.sentBytes.addAndGet(bytes);
            return;
        }
        publisher.error(exception);
        boolean synchronous = Thread.currentThread() == captureThread;
        if (exception instanceof BufferExhaustedException) {
            counters.dropped(DropReason.QUEUE_FULL, packets);
        } else if (synchronous && exception instanceof TimeoutException) {
            publisher.markUnavailable();
            counters.dropped(DropReason.KAFKA_UNAVAILABLE, packets);
        } else {
            counters.dropped(DropReason.SEND_FAILED, packets);
        }
    }

    private byte[] encode(PacketBatch batch) {
        buffer.reset();
        try {
            encoder.encode(batch, buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("Avro encoding to memory failed", e);
        }
        // The producer may keep the value until it is acknowledged: give it its own array.
        return Arrays.copyOf(buffer.array(), buffer.size());
    }

    /** A ByteArrayOutputStream whose array can be read without a copy. */
    private static final class ExposedByteArrayOutputStream extends java.io.ByteArrayOutputStream {
        ExposedByteArrayOutputStream(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }
    }
}
