package io.tapflow.deadletter;

import io.tapflow.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.util.OutputTag;

/** The dead-letter side output shared by every operator, and the factory of its records. */
public final class DeadLetters {
    /** Side output carrying rejected input; the job routes it to tapflow.dead-letter.v1. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

    public static final int OTHER = 0;
    public static final int UNDECODABLE_AVRO = 1;
    public static final int BAD_SINGLE_OBJECT_HEADER = 2;
    public static final int INVALID_PACKET_BATCH = 3;
    public static final int DAMAGED_CAPTURE = 4;
    public static final int TOO_LARGE = 6;
    public static final int LATE = 8;

    /** Raw bytes kept per dead letter at most; the rest is cut and flagged. */
    public static final int DEFAULT_RAW_LIMIT = 64 * 1024;

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private DeadLetters() {}

    /** A dead letter for input read from a Kafka record. */
    public static DeadLetter fromKafka(String component, String topic, int partition, long offset,
                                       int reasonCode, String reason, byte[] raw) {
        return base(component, reasonCode, reason, raw)
                .setSourceTopic(topic).setSourcePartition(partition).setSourceOffset(offset)
                .setSourceFile("").setFileOffset(-1).build();
    }

    /** A dead letter for input that did not come from Kafka (a file, or an in-process stage). */
    public static DeadLetter fromFile(String component, String file, long fileOffset,
                                      int reasonCode, String reason, byte[] raw) {
        return base(component, reasonCode, reason, raw)
                .setSourceTopic("").setSourcePartition(-1).setSourceOffset(-1)
                .setSourceFile(file).setFileOffset(fileOffset).build();
    }

    private static DeadLetter.Builder base(String component, int reasonCode, String reason, byte[] raw) {
        boolean truncated = raw != null && raw.length > DEFAULT_RAW_LIMIT;
        ByteBuffer kept = raw == null ? EMPTY : ByteBuffer.wrap(raw, 0, Math.min(raw.length, DEFAULT_RAW_LIMIT)).slice();
        return DeadLetter.newBuilder()
                .setTime(Instant.now())
                .setComponent(component)
                .setReasonCode(reasonCode)
                .setReason(reason)
                .setRaw(kept)
                .setRawTruncated(truncated);
    }
}
