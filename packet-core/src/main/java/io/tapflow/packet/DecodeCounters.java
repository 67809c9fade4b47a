package io.tapflow.packet;

import io.tapflow.packet.decode.DecodeStatus;

/**
 * Per-reason packet counters of a capture pipeline (reader → decoder → dedup → batcher), for the
 * agent's self-metrics and for replay reports.
 *
 * <p>One writer (the capture thread). Other threads may read at any time and see values at most
 * a moment old; there is no lock or atomic operation on the per-packet path.
 */
public final class DecodeCounters {
    private static final DecodeStatus[] STATUSES = DecodeStatus.values();

    long framesRead;
    long bytesRead;
    long packetsDecoded;
    long bytesDecoded;
    long duplicates;
    long batches;
    long formatErrors;
    final long[] dropped = new long[STATUSES.length];
    final long[] droppedBytes = new long[STATUSES.length];

    /** Frames read from the source. */
    public long framesRead() { return framesRead; }
    /** Wire bytes of the frames read. */
    public long bytesRead() { return bytesRead; }
    /** Frames decoded to a flow packet (status OK, duplicates included). */
    public long packetsDecoded() { return packetsDecoded; }
    public long bytesDecoded() { return bytesDecoded; }
    /** Decoded packets suppressed as mirror duplicates. */
    public long duplicates() { return duplicates; }
    /** Batches handed to the sink. */
    public long batches() { return batches; }
    /** Truncated or corrupt inputs met (each ends its input). */
    public long formatErrors() { return formatErrors; }

    /** Frames dropped for {@code reason}; 0 for {@link DecodeStatus#OK}. */
    public long dropped(DecodeStatus reason) { return reason == DecodeStatus.OK ? 0 : dropped[reason.ordinal()]; }
    public long droppedBytes(DecodeStatus reason) { return reason == DecodeStatus.OK ? 0 : droppedBytes[reason.ordinal()]; }

    /** All frames dropped by the decoder, every reason together. */
    public long droppedTotal() {
        long sum = 0;
        for (int i = 1; i < dropped.length; i++) {
            sum += dropped[i];
        }
        return sum;
    }

    /** Counts one frame's decode outcome. */
    public void record(DecodeStatus status, int wireBytes) {
        framesRead++;
        bytesRead += wireBytes;
        if (status == DecodeStatus.OK) {
            packetsDecoded++;
            bytesDecoded += wireBytes;
        } else {
            dropped[status.ordinal()]++;
            droppedBytes[status.ordinal()] += wireBytes;
        }
    }

    public void countDuplicate() { duplicates++; }
    public void countBatch() { batches++; }
    public void countFormatError() { formatErrors++; }

    /** Adds another pipeline's counters (several interfaces or files into one report). */
    public void addAll(DecodeCounters o) {
        framesRead += o.framesRead;
        bytesRead += o.bytesRead;
        packetsDecoded += o.packetsDecoded;
        bytesDecoded += o.bytesDecoded;
        duplicates += o.duplicates;
        batches += o.batches;
        formatErrors += o.formatErrors;
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] += o.dropped[i];
            droppedBytes[i] += o.droppedBytes[i];
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("frames=").append(framesRead).append(" bytes=").append(bytesRead)
                .append(" decoded=").append(packetsDecoded).append(" duplicates=").append(duplicates)
                .append(" batches=").append(batches);
        for (int i = 1; i < dropped.length; i++) {
            if (dropped[i] != 0) {
                s.append(" drop_").append(STATUSES[i].metricName()).append('=').append(dropped[i]);
            }
        }
        if (formatErrors != 0) {
            s.append(" format_errors=").append(formatErrors);
        }
        return s.toString();
    }
}
