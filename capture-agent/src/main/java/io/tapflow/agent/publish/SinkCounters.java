package io.tapflow.agent.publish;

import io.tapflow.agent.metrics.MetricNames;
import io.tapflow.agent.metrics.MetricsSnapshot;
import io.tapflow.agent.metrics.MetricsSource;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Batch counters of one capture source. Updated once per batch (not per packet), from the capture
 * thread and from the producer's callback thread, hence atomics.
 */
public final class SinkCounters implements MetricsSource {
    private final String source;
    final AtomicLong batches = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong sentBytes = new AtomicLong();
    final AtomicLongArray droppedBatches = new AtomicLongArray(DropReason.values().length);
    final AtomicLongArray droppedPackets = new AtomicLongArray(DropReason.values().length);

    public SinkCounters(String source) {
        this.source = source;
    }

    void dropped(DropReason reason, int packets) {
        droppedBatches.incrementAndGet(reason.ordinal());
        droppedPackets.addAndGet(reason.ordinal(), packets);
    }

    public long batches() {
        return batches.get();
    }

    public long sent() {
        return sent.get();
    }

    public long droppedBatches(DropReason reason) {
        return droppedBatches.get(reason.ordinal());
    }

    public long droppedPackets(DropReason reason) {
        return droppedPackets.get(reason.ordinal());
    }

    @Override
    public void collect(MetricsSnapshot out) {
        out.counter(MetricNames.BATCHES_BUILT, "PacketBatches built (one flow, one flush).", batches.get(),
                MetricNames.SOURCE, source);
        out.counter(MetricNames.BATCHES_SENT, "PacketBatches acknowledged by Kafka.", sent.get(),
                MetricNames.SOURCE, source);
        out.counter(MetricNames.BATCH_BYTES_SENT, "Avro bytes of the batches acknowledged by Kafka (before compression).",
                sentBytes.get(), MetricNames.SOURCE, source);
        for (DropReason r : DropReason.values()) {
            out.counter(MetricNames.BATCHES_DROPPED, "PacketBatches that did not reach Kafka, by reason.",
                    droppedBatches.get(r.ordinal()), MetricNames.SOURCE, source, MetricNames.REASON, r.label());
        }
        for (DropReason r : DropReason.values()) {
            out.counter(MetricNames.PACKETS_DROPPED, "Packets dropped, by reason.",
                    droppedPackets.get(r.ordinal()), MetricNames.SOURCE, source, MetricNames.REASON, r.label());
        }
    }
}
