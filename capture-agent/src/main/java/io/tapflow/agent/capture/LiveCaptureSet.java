package io.tapflow.agent.capture;

import io.tapflow.agent.config.AgentConfig;
import io.tapflow.agent.config.AgentSettings;
import io.tapflow.agent.metrics.MetricsRegistry;
import io.tapflow.agent.publish.BatchPublisher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live captures of the agent, one thread per interface, kept in line with the interfaces that
 * exist: {@link #rescan} starts captures on interfaces that appeared (a new VM or pod), forgets those
 * whose interface is gone, and reopens a capture that failed while its interface still exists.
 * Interfaces are listed and opened inside {@code capture.netns} when it is set.
 *
 * <p>tap_port numbers are given in name order at start and then in order of appearance; a number is
 * never reused within a run, so a tap_port always names one interface.
 */
public final class LiveCaptureSet {
    private static final Logger LOG = LoggerFactory.getLogger(LiveCaptureSet.class);

    private record Running(LiveCapture capture, Thread thread) {
    }

    private final AgentConfig config;
    private final BatchPublisher publisher;
    private final MetricsRegistry metrics;
    private final Path netns;
    private final Map<String, Running> running = new LinkedHashMap<>();
    private final Map<String, Long> tapPorts = new LinkedHashMap<>();
    private final Set<String> overLimitReported = new HashSet<>();
    private long nextTapPort;
    private boolean stopped;

    public LiveCaptureSet(AgentConfig config, BatchPublisher publisher, MetricsRegistry metrics) {
        this.config = config;
        this.publisher = publisher;
        this.metrics = metrics;
        String ns = config.capture().netns();
        this.netns = ns.isBlank() ? null : NetworkNamespace.resolve(ns);
    }

    /**
     * Opens and starts the interfaces matching now. Errors (no match without rescans, too many
     * matches, permission, filter) are thrown before any capture thread runs.
     */
    public synchronized List<String> start() throws Exception {
        boolean rescans = !config.capture().rescanInterval().isZero();
        List<String> names = inNamespace(() -> InterfaceSelector.selectAtStart(config.capture().interfaces(), rescans));
        List<LiveCapture> opened = new ArrayList<>();
        try {
            for (String name : names) {
                opened.add(inNamespace(() -> open(name)));
            }
        } catch (Exception e) {
            opened.forEach(LiveCapture::closeUnstarted);
            throw e;
        }
        opened.forEach(this::launch);
        if (names.isEmpty()) {
            LOG.warn("no interface matches '{}' yet; looking again every {} ms", config.capture().interfaces().pattern(),
                    config.capture().rescanInterval().toMillis());
        }
        return names;
    }

    /** Brings the captures in line with the interfaces that exist now. */
    public synchronized void rescan() {
        if (stopped) {
            return;
        }
        List<String> present;
        try {
            present = inNamespace(() -> InterfaceSelector.matching(config.capture().interfaces(), InterfaceSelector.available()));
        } catch (Exception e) {
            LOG.warn("listing interfaces failed: {}", e.getMessage());
            return;
        }
        Set<String> presentSet = new HashSet<>(present);
        for (Map.Entry<String, Running> e : new ArrayList<>(running.entrySet())) {
            String name = e.getKey();
            if (e.getValue().thread().isAlive()) {
                continue;
            }
            running.remove(name);
            metrics.unregister(e.getValue().capture().pipeline());
            if (!presentSet.contains(name)) {
                LOG.info("interface {} is gone; its capture ended", name);
            } else {
                LOG.warn("capture on {} ended ({}); reopening it", name, String.valueOf(e.getValue().capture().failure()));
            }
        }
        for (String name : present) {
            if (running.containsKey(name)) {
                continue;
            }
            if (running.size() >= AgentSettings.MAX_INTERFACES) {
                if (overLimitReported.add(name)) {
                    LOG.warn("interface {} matches but {} interfaces are captured already (the limit); not capturing it",
                            name, AgentSettings.MAX_INTERFACES);
                }
                continue;
            }
            try {
                launch(inNamespace(() -> open(name)));
                LOG.info("capturing on new interface {}", name);
            } catch (Exception e) {
                LOG.warn("cannot capture on {} yet: {}", name, e.getMessage());
            }
        }
    }

    /** Breaks every capture's wait so that due batches are flushed on quiet interfaces. */
    public synchronized void wakeUp() {
        for (Running r : running.values()) {
            r.capture().wakeUp();
        }
    }

    /** True when no capture thread is running. */
    public synchronized boolean allEnded() {
        for (Running r : running.values()) {
            if (r.thread().isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** True when some capture ended in an error. */
    public synchronized boolean anyFailed() {
        for (Running r : running.values()) {
            if (r.capture().failure() != null) {
                return true;
            }
        }
        return false;
    }

    /** Stops every capture and waits for their threads (each flushes its pending batches). */
    public void stopAndWait() throws InterruptedException {
        List<Running> all;
        synchronized (this) {
            stopped = true;
            all = new ArrayList<>(running.values());
        }
        for (Running r : all) {
            r.capture().stop();
        }
        for (Running r : all) {
            r.thread().join();
        }
    }

    private LiveCapture open(String name) {
        long port = tapPorts.computeIfAbsent(name, n -> nextTapPort++);
        CapturePipeline pipeline = CapturePipeline.create(config, name, port, publisher.sinkFor(name));
        return LiveCapture.open(name, config.capture(), pipeline);
    }

    private void launch(LiveCapture capture) {
        metrics.register(capture.pipeline());
        Thread t = new Thread(capture, "capture-" + capture.interfaceName());
        running.put(capture.interfaceName(), new Running(capture, t));
        t.start();
    }

    private <T> T inNamespace(java.util.concurrent.Callable<T> action) throws Exception {
        return netns == null ? action.call() : NetworkNamespace.callInside(netns, action);
    }
}
