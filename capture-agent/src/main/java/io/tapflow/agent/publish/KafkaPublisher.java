package io.tapflow.agent.publish;

import io.tapflow.agent.config.AgentConfig;
import io.tapflow.agent.metrics.MetricNames;
import io.tapflow.agent.metrics.MetricsSnapshot;
import io.tapflow.packet.batch.BatchSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes PacketBatches to Kafka with one idempotent, compressing producer shared by all capture
 * threads.
 *
 * <p>Memory is bounded twice: the agent counts the bytes of batches handed to the producer and not
 * yet acknowledged or failed, and drops new batches (reason queue_full) once they reach
 * {@code kafka.buffer-memory}; the producer's own {@code buffer.memory} has the same size and
 * {@code max.block.ms} is small, so even its internal bookkeeping cannot stall capture for long.
 * When Kafka is unreachable the in-flight batches fail after {@code delivery-timeout}, which frees the
 * budget, and sending resumes as soon as the broker answers again: no restart, no unbounded queue.
 */
public final class KafkaPublisher implements BatchPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);

    /** After Kafka metadata could not be fetched in max-block, skip sends for this long (drop fast). */
    static final long UNAVAILABLE_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final long bufferLimitBytes;
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final Map<String, LongAdder> errorsByType = new ConcurrentHashMap<>();
    private final List<SinkCounters> counters = new CopyOnWriteArrayList<>();
    private final AtomicLong lastErrorLogNanos = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(10));
    private volatile long unavailableUntilNanos;

    public KafkaPublisher(AgentConfig.Kafka config) {
        this.topic = config.topic();
        this.bufferLimitBytes = config.bufferMemory();
        this.producer = new KafkaProducer<>(producerProperties(config), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The producer settings derived from the agent's kafka section (plus its verbatim properties). */
    static Properties producerProperties(AgentConfig.Kafka c) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, c.clientId());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, c.compression());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString(c.idempotence()));
        p.put(ProducerConfig.ACKS_CONFIG, c.acks());
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(c.bufferMemory()));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(c.maxBlock().toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(c.deliveryTimeout().toMillis()));
        p.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(c.linger().toMillis()));
        // The producer carves its buffer into batch-size chunks, one per partition being filled: a
        // chunk larger than 1/16 of the buffer would let a few partitions exhaust it.
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Long.toString(Math.min(c.batchSize(), Math.max(16 << 10, c.bufferMemory() / 16))));
        // Kafka insists on delivery.timeout >= linger + request.timeout; keep its 30 s default when it fits.
        long requestTimeout = Math.min(30_000, c.deliveryTimeout().toMillis() - c.linger().toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.max(requestTimeout, 1)));
        // Reconnect quickly when the broker comes back, but do not hammer a dead one.
        p.put(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        p.putAll(c.properties());
        return p;
    }

    /**
     * Waits until the producer knows the topic's partitions (so the first batches do not meet an
     * empty metadata cache), at most {@code timeout}. Each attempt blocks for max-block only; the
     * metadata request keeps going in the background between attempts.
     *
     * @return true when Kafka answered in time
     */
    public boolean awaitMetadata(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                producer.partitionsFor(topic);
                return true;
            } catch (org.apache.kafka.common.KafkaException e) {
                if (System.nanoTime() - deadline >= 0) {
                    LOG.warn("Kafka has not answered for topic {} within {}: starting anyway, batches are dropped"
                            + " (counted as kafka_unavailable) until it does ({})", topic, timeout, e.getMessage());
                    return false;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    @Override
    public BatchSink sinkFor(String source) {
        SinkCounters c = new SinkCounters(source);
        counters.add(c);
        return new KafkaBatchSink(this, c);
    }

    String topic() {
        return topic;
    }

    Producer<byte[], byte[]> producer() {
        return producer;
    }

    /** Reserves room for a batch; false when the bounded buffer is full. */
    boolean reserve(int bytes) {
        long after = bufferedBytes.addAndGet(bytes);
        if (after > bufferLimitBytes && after != bytes) { // one batch always fits, however big
            bufferedBytes.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void release(int bytes) {
        bufferedBytes.addAndGet(-bytes);
    }

    boolean unavailable() {
        long until = unavailableUntilNanos;
        return until != 0 && System.nanoTime() - until < 0;
    }

    void markUnavailable() {
        unavailableUntilNanos = System.nanoTime() + UNAVAILABLE_BACKOFF_NANOS;
    }

    /** Counts a Kafka error by its type; logs at most one line per 10 s so an outage does not flood the log. */
    void error(Exception e) {
        String type = e.getClass().getSimpleName();
        errorsByType.computeIfAbsent(type, t -> new LongAdder()).increment();
        long last = lastErrorLogNanos.get();
        long now = System.nanoTime();
        if (now - last > TimeUnit.SECONDS.toNanos(10) && lastErrorLogNanos.compareAndSet(last, now)) {
            LOG.warn("Kafka send failed ({}): {} (further errors are counted in {} and summarised)",
                    type, e.getMessage(), MetricNames.KAFKA_ERRORS);
        }
    }

    public long bufferedBytes() {
        return bufferedBytes.get();
    }

    public long errors(String type) {
        LongAdder a = errorsByType.get(type);
        return a == null ? 0 : a.sum();
    }

    @Override
    public boolean flush(Duration timeout) {
        // KafkaProducer.flush() has no timeout: run it on a helper thread and stop waiting when due.
        Thread t = new Thread(producer::flush, "kafka-flush");
        t.setDaemon(true);
        t.start();
        try {
            t.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    @Override
    public void collect(MetricsSnapshot out) {
        for (SinkCounters c : counters) {
            c.collect(out);
        }
        errorsByType.forEach((type, n) -> out.counter(MetricNames.KAFKA_ERRORS,
                "Kafka producer errors by exception type.", n.sum(), MetricNames.TYPE, type));
        if (errorsByType.isEmpty()) {
            out.counter(MetricNames.KAFKA_ERRORS, "Kafka producer errors by exception type.", 0, MetricNames.TYPE, "none");
        }
        out.gauge(MetricNames.KAFKA_BUFFERED_BYTES, "Bytes of batches handed to Kafka and not yet acknowledged or failed.",
                bufferedBytes.get());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
