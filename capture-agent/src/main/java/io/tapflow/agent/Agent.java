package io.tapflow.agent;

import io.tapflow.agent.capture.CapturePipeline;
import io.tapflow.agent.capture.FileReplay;
import io.tapflow.agent.capture.InterfaceSelector;
import io.tapflow.agent.capture.LiveCapture;
import io.tapflow.agent.capture.NetworkNamespace;
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
import java.util.ArrayList;
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
    private final List<LiveCapture> captures = new ArrayList<>();
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
        synchronized (captures) {
            for (LiveCapture c : captures) {
                c.stop();
            }
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
        String netns = config.capture().netns();
        List<String> names = netns.isBlank()
                ? openCaptures(publisher)
                : NetworkNamespace.callInside(NetworkNamespace.resolve(netns), () -> openCaptures(publisher));
        List<Thread> threads = new ArrayList<>();
        synchronized (captures) {
            for (LiveCapture c : captures) {
                Thread t = new Thread(c, "capture-" + c.interfaceName());
                threads.add(t);
                t.start();
            }
        }
        ScheduledExecutorService waker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capture-wakeup");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(1, config.capture().readTimeout().toMillis());
        waker.scheduleAtFixedRate(() -> {
            synchronized (captures) {
                captures.forEach(LiveCapture::wakeUp);
            }
        }, tick, tick, TimeUnit.MILLISECONDS);
        LOG.info("capturing on {}{} (filter '{}', snaplen {})", names, netns.isBlank() ? "" : " in network namespace " + netns,
                config.capture().bpfFilter(), config.capture().snaplen());
        if (stopRequested.getCount() == 0) {
            stop();
        }
        boolean failed = false;
        for (int i = 0; i < threads.size(); i++) {
            try {
                threads.get(i).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
            }
            if (captures.get(i).failure() != null) {
                failed = true;
            }
        }
        waker.shutdownNow();
        return failed ? EXIT_FAILURE : EXIT_OK;
    }

    /** Selects the interfaces and opens a handle on each (in the calling thread's network namespace). */
    private List<String> openCaptures(BatchPublisher publisher) {
        List<String> names = InterfaceSelector.select(config.capture().interfaces());
        try {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                CapturePipeline pipeline = CapturePipeline.create(config, name, i, publisher.sinkFor(name));
                LiveCapture capture = LiveCapture.open(name, config.capture(), pipeline);
                synchronized (captures) {
                    captures.add(capture);
                }
                metrics.register(pipeline);
            }
        } catch (RuntimeException e) {
            stop();
            closeUnstarted();
            throw e;
        }
        return names;
    }

    private void closeUnstarted() {
        synchronized (captures) {
            for (LiveCapture c : captures) {
                c.closeUnstarted();
            }
            captures.clear();
        }
    }
}
