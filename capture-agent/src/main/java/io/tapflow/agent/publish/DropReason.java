package io.tapflow.agent.publish;

import java.util.Locale;

/** Why a finished batch did not reach Kafka. */
public enum DropReason {
    /** The bounded send buffer was full (Kafka slow or down): dropped instead of blocking capture. */
    QUEUE_FULL,
    /** No Kafka metadata within max-block (Kafka unreachable at the time of sending). */
    KAFKA_UNAVAILABLE,
    /** Kafka refused or did not acknowledge the batch within the delivery timeout. */
    SEND_FAILED;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }
}
