package io.tapflow.agent.publish;

import io.tapflow.agent.metrics.MetricsSource;
import io.tapflow.packet.batch.BatchSink;
import java.time.Duration;

/**
 * Where finished PacketBatches go. Each capture thread gets its own sink (so encoders and counters
 * are never shared); the publisher owns what they share (the Kafka producer).
 */
public interface BatchPublisher extends MetricsSource, AutoCloseable {

    /** A sink for one capture thread; {@code source} labels its metrics (interface or file name). */
    BatchSink sinkFor(String source);

    /** Waits until every batch handed over so far is delivered or has failed; false on timeout. */
    boolean flush(Duration timeout);

    @Override
    void close();
}
