package io.tapflow.agent.publish;

import io.tapflow.agent.metrics.MetricsSnapshot;
import io.tapflow.packet.batch.BatchSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** kafka.enabled=false: batches are built and counted, then forgotten (dry runs, benchmarks). */
public final class DiscardingPublisher implements BatchPublisher {
    private final List<SinkCounters> counters = new CopyOnWriteArrayList<>();

    @Override
    public BatchSink sinkFor(String source) {
        SinkCounters c = new SinkCounters(source);
        counters.add(c);
        return (key, batch) -> c.batches.incrementAndGet();
    }

    @Override
    public boolean flush(Duration timeout) {
        return true;
    }

    @Override
    public void collect(MetricsSnapshot out) {
        for (SinkCounters c : counters) {
            c.collect(out);
        }
    }

    @Override
    public void close() {
    }
}
