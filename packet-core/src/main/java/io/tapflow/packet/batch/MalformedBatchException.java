package io.tapflow.packet.batch;

/** A {@code PacketBatch} whose columns do not agree with its packet count; the reason says which. */
public final class MalformedBatchException extends Exception {
    private final String reasonCode;

    public MalformedBatchException(String reasonCode, String message) {
        super(message);
        this.reasonCode = reasonCode;
    }

    /** Short, stable code for dead-letter records and drop counters (e.g. {@code column_length}). */
    public String reasonCode() {
        return reasonCode;
    }
}
