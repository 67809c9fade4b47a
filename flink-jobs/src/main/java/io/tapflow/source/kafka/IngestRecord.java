package io.tapflow.source.kafka;

import io.tapflow.schema.DeadLetter;
import io.tapflow.schema.PacketBatch;

/**
 * What the Kafka source reads: a decoded batch, or the dead letter of a record that could not be
 * decoded. A deserializer cannot write to a side output, so the failure travels in the stream up
 * to the first operator, which routes it. Exactly one field is set. A Flink POJO.
 */
public class IngestRecord {
    public PacketBatch batch;
    public DeadLetter failure;
    /** Kafka record timestamp (ms), the event time of a failure. */
    public long kafkaTimestampMs;

    public IngestRecord() {}

    static IngestRecord of(PacketBatch batch, long kafkaTimestampMs) {
        IngestRecord r = new IngestRecord();
        r.batch = batch;
        r.kafkaTimestampMs = kafkaTimestampMs;
        return r;
    }

    static IngestRecord failed(DeadLetter failure, long kafkaTimestampMs) {
        IngestRecord r = new IngestRecord();
        r.failure = failure;
        r.kafkaTimestampMs = kafkaTimestampMs;
        return r;
    }

    /** Event time in ms: the batch's first capture time, or the Kafka timestamp of a failure. */
    public long eventTimeMs() {
        return batch != null ? Math.floorDiv(batch.getBaseTsUs(), 1000L) : kafkaTimestampMs;
    }
}
