package io.tapflow.sink.elasticsearch;

import io.tapflow.schema.DeadLetter;
import java.io.Serializable;

/**
 * Receives documents Elasticsearch rejected for good (4xx bulk items such as mapping errors).
 * A Sink V2 writer has no side output, so the job passes a handler that forwards the record to the
 * dead-letter topic (for instance through its own Kafka producer). Called on the writer's task
 * thread; a handler that throws fails the job, which is the safe default for a lost document.
 */
@FunctionalInterface
public interface DeadLetterHandler extends Serializable {
    void accept(DeadLetter letter) throws Exception;

    /** Releases what the handler opened (called when the writer closes). */
    default void close() throws Exception {}

    /** Logs each rejected document at WARN level; the count is in the sink's metrics either way. */
    static DeadLetterHandler logging() {
        return LoggingDeadLetters.INSTANCE;
    }
}
