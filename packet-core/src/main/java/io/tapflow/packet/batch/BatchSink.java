package io.tapflow.packet.batch;

import io.tapflow.schema.PacketBatch;

/**
 * Receives the batches a {@link FlowBatcher} flushes. Called on the batcher's thread.
 *
 * <p>{@code kafkaKey} is the flow's symmetric key ({@code FlowKeys.symmetricKeyBytes}); the same
 * array is passed for every batch of the flow, and the batch's {@code key} object is shared by them
 * too: treat both as read-only.
 */
@FunctionalInterface
public interface BatchSink {
    void accept(byte[] kafkaKey, PacketBatch batch);
}
