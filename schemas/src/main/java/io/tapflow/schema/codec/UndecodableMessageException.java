package io.tapflow.schema.codec;

/** A message that cannot be decoded; {@link #reason()} maps onto DeadLetter reason codes. */
public final class UndecodableMessageException extends RuntimeException {

    /** Why decoding failed, with the DeadLetter.reason_code it corresponds to. */
    public enum Reason {
        /** Header missing or wrong (DeadLetter reason_code 2). */
        BAD_HEADER(2),
        /** Header fine, but no known schema version has its fingerprint (reason_code 2). */
        UNKNOWN_FINGERPRINT(2),
        /** Body truncated or inconsistent with the writer schema (reason_code 1). */
        CORRUPT_BODY(1);

        private final int deadLetterReasonCode;

        Reason(int deadLetterReasonCode) {
            this.deadLetterReasonCode = deadLetterReasonCode;
        }

        public int deadLetterReasonCode() {
            return deadLetterReasonCode;
        }
    }

    private final Reason reason;

    public UndecodableMessageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
