package io.tapflow.agent;

import io.tapflow.agent.capture.CapturePipeline;
import io.tapflow.agent.capture.FileReplay;
import io.tapflow.agent.capture.LiveCaptureSet;
import io.tapflow.agent.config.AgentConfig;
import io.tapflow.agent.metrics.MetricsHttpServer;
import io.tapflow.agent.metrics.MetricsRegistry;
import io.tapflow.agent.metrics.MetricsSnapshot;
import io.tapflow.agent.metrics.ProcessMetrics;
import io.tapflow.agent.metrics.SummaryLogger;
import io.tapflow.agent.publish.BatchPublisher;
import io.tapflow.agent.publish.DiscardingPublisher;
import io.tapflow.agent.publish.KafkaPublisher;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture agent: live capture (one thread per matching interface) or file replay, each source
 * through its own decode/batch pipeline, into one publisher, with self-metrics on HTTP and in the log.
 *
 * <p>{@link #run} blocks until the files are replayed, or, for live capture, until {@link #stop}
 * (the JVM shutdown hook calls it on SIGTERM/SIGINT). Either way pending batches are flushed and
 * the publisher gets up to the delivery timeout to deliver them before the agent returns.
 */
public final class Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    /** Exit statuses, documented in the usage text. */
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_INPUT_ERRORS = 3;

    private final AgentConfig config;
    private final InputStream stdin;
    private final MetricsRegistry metrics = new MetricsRegistry();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile FileReplay replay;
    private volatile MetricsHttpServer httpServer;

    public Agent(AgentConfig config, InputStream stdin) {
        this.config = config;
        this.stdin = stdin;
        metrics.register(new ProcessMetrics());
    }

    public AgentConfig config() {
        return config;
    }

    /** The current value of every metric (what /metrics serves). */
    public MetricsSnapshot metrics() {
        return metrics.snapshot();
    }

    /** Port of the metrics endpoint once started, or -1 (disabled, not started yet). */
    public int metricsPort() {
        MetricsHttpServer s = httpServer;
        return s == null ? -1 : s.port();
    }

    /** Captures or replays until done or stopped; returns the exit status. */
    public int run() throws Exception {
        BatchPublisher publisher = config.kafka().enabled() ? new KafkaPublisher(config.kafka()) : new DiscardingPublisher();
        metrics.register(publisher);
        if (publisher instanceof KafkaPublisher kafka && !config.kafka().startupWait().isZero()) {
            kafka.awaitMetadata(config.kafka().startupWait());
        }
        SummaryLogger summary = null;
        try {
            if (config.metrics().httpPort() > 0) {
                httpServer = MetricsHttpServer.start(config.metrics().bindAddress(), config.metrics().httpPort(), metrics);
                LOG.info("metrics at http://{}:{}/metrics", config.metrics().bindAddress(), httpServer.port());
            }
            if (!config.metrics().logInterval().isZero()) {
                summary = SummaryLogger.start(metrics, config.metrics().logInterval());
            }
            int status = config.capture().replaysFiles() ? replayFiles(publisher) : captureLive(publisher);
            Duration flushTimeout = config.kafka().deliveryTimeout().plusSeconds(5);
            if (!publisher.flush(flushTimeout)) {
                LOG.warn("Kafka did not acknowledge every batch within {}", flushTimeout);
            }
            return status;
        } finally {
            if (summary != null) {
                summary.logNow();
                summary.close();
            }
            publisher.close();
            if (httpServer != null) {
                httpServer.close();
            }
        }
    }

    /** Ends a live capture or a replay; {@link #run} then flushes and returns. */
    public void stop() {
        stopRequested.countDown();
        FileReplay r = replay;
        if (r != null) {
            r.stop();
        }
    }

    private int replayFiles(BatchPublisher publisher) {
        List<String> files = config.capture().files();
        String source = FileReplay.sourceName(files);
        CapturePipeline pipeline = CapturePipeline.create(config, source, 0, publisher.sinkFor(source));
        metrics.register(pipeline);
        replay = new FileReplay(files, config.capture().replayPace(), pipeline, stdin);
        if (stopRequested.getCount() == 0) {
            return EXIT_OK;
        }
        LOG.info("replaying {} (pace {})", source,
                config.capture().replayPace() == 0 ? "as fast as possible" : "x" + config.capture().replayPace());
        int failed = replay.run();
        LOG.info("replay done: {}", pipeline.replay().counters());
        return failed > 0 ? EXIT_INPUT_ERRORS : EXIT_OK;
    }

    private int captureLive(BatchPublisher publisher) throws Exception {
        LiveCaptureSet set = new LiveCaptureSet(config, publisher, metrics);
        List<String> names = set.start();
        LOG.info("capturing on {}{} (filter '{}', snaplen {})", names,
                config.capture().netns().isBlank() ? "" : " in network namespace " + config.capture().netns(),
                config.capture().bpfFilter(), config.capture().snaplen());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capture-timer");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(1, config.capture().readTimeout().toMillis());
        timer.scheduleAtFixedRate(set::wakeUp, tick, tick, TimeUnit.MILLISECONDS);
        long rescanMs = config.capture().rescanInterval().toMillis();
        try {
            while (!stopRequested.await(rescanMs > 0 ? rescanMs : tick, TimeUnit.MILLISECONDS)) {
                if (rescanMs > 0) {
                    set.rescan();
                } else if (set.allEnded()) {
                    break; // nothing left to capture and no rescans to find more
                }
            }
        } finally {
            timer.shutdownNow();
            set.stopAndWait();
        }
        return rescanMs == 0 && set.anyFailed() ? EXIT_FAILURE : EXIT_OK;
    }
}
