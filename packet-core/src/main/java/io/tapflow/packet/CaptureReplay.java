package io.tapflow.packet;

import io.tapflow.packet.batch.BatchSink;
import io.tapflow.packet.batch.BatcherConfig;
import io.tapflow.packet.batch.DuplicateFilter;
import io.tapflow.packet.batch.FlowBatcher;
import io.tapflow.packet.decode.DecodeStatus;
import io.tapflow.packet.decode.DecodedPacket;
import io.tapflow.packet.decode.DecoderConfig;
import io.tapflow.packet.decode.PacketDecoder;
import io.tapflow.packet.pcap.CaptureFileReader;
import io.tapflow.packet.pcap.CaptureFormatException;
import io.tapflow.packet.pcap.CapturedFrame;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * The capture pipeline shared by the agent's file replay and the flow engine's offline replay:
 * frames → {@link PacketDecoder} → optional {@link DuplicateFilter} → {@link FlowBatcher} → sink,
 * with every outcome counted in {@link DecodeCounters}. The two users run this one class, so their
 * decoding and batching never drift apart.
 *
 * <p>{@link #run} reads a capture file to its end; {@link #accept} takes frames from any other
 * source (live capture). Single-threaded; {@link #stop} may be called from another thread.
 */
public final class CaptureReplay {
    private final PacketDecoder decoder;
    private final DuplicateFilter duplicates;
    private final FlowBatcher batcher;
    private final DecodeCounters counters;
    private final DecodedPacket packet = new DecodedPacket();
    private final CapturedFrame frame = new CapturedFrame();

    private double speed;
    private long paceStartNanos;
    private long paceStartUs = Long.MIN_VALUE;
    private volatile boolean stopped;

    /**
     * @param duplicates mirror-port duplicate filter, or null to keep every packet
     */
    public CaptureReplay(PacketDecoder decoder, DuplicateFilter duplicates, BatcherConfig batcherConfig, BatchSink sink) {
        this.decoder = decoder;
        this.duplicates = duplicates;
        this.counters = new DecodeCounters();
        this.batcher = new FlowBatcher(batcherConfig, (key, batch) -> {
            counters.countBatch();
            sink.accept(key, batch);
        });
    }

    /** Default decoder and no duplicate suppression. */
    public CaptureReplay(BatcherConfig batcherConfig, BatchSink sink) {
        this(new PacketDecoder(DecoderConfig.defaults()), null, batcherConfig, sink);
    }

    /**
     * Replays at {@code speed} × the capture's own pace (2.0 = twice as fast); 0 (the default) = as
     * fast as possible.
     */
    public CaptureReplay pace(double speed) {
        if (speed < 0 || Double.isNaN(speed)) {
            throw new IllegalArgumentException("replay speed must be >= 0, got " + speed);
        }
        this.speed = speed;
        return this;
    }

    public DecodeCounters counters() { return counters; }
    public FlowBatcher batcher() { return batcher; }
    public PacketDecoder decoder() { return decoder; }

    /** Makes {@link #run} return after the current frame (flushing what it holds). */
    public void stop() {
        stopped = true;
    }

    /**
     * Reads {@code reader} to its end, then flushes every pending batch. A truncated or corrupt
     * capture is counted, the batches of every good packet before the damage are flushed, and the
     * {@link CaptureFormatException} (with the byte offset) is rethrown for the caller to report.
     */
    public void run(CaptureFileReader reader) throws IOException {
        try {
            while (!stopped && reader.next(frame)) {
                accept(frame);
            }
        } catch (CaptureFormatException e) {
            counters.countFormatError();
            batcher.flushAll();
            throw e;
        }
        batcher.flushAll();
    }

    /** Decodes and batches one frame. */
    public DecodeStatus accept(CapturedFrame f) {
        if (speed > 0) {
            pace(f.tsUs());
        }
        DecodeStatus status = decoder.decode(f.linkType(), f.buffer(), f.offset(), f.capturedLength(),
                f.originalLength(), f.tsUs(), packet);
        counters.record(status, f.originalLength());
        if (status == DecodeStatus.OK) {
            if (duplicates != null && duplicates.isDuplicate(packet)) {
                counters.countDuplicate();
            } else {
                batcher.offer(packet);
            }
        }
        return status;
    }

    /** Flushes every pending batch (end of a live capture). */
    public void flushAll() {
        batcher.flushAll();
    }

    private void pace(long tsUs) {
        if (paceStartUs == Long.MIN_VALUE) {
            paceStartUs = tsUs;
            paceStartNanos = System.nanoTime();
            return;
        }
        long dueNanos = paceStartNanos + (long) ((tsUs - paceStartUs) * 1000 / speed);
        long wait = dueNanos - System.nanoTime();
        if (wait > 200_000) {
            LockSupport.parkNanos(wait);
        }
    }
}
