package io.tapflow.agent.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The agent's metric sources; capture pipelines register as they start and leave with their interface. */
public final class MetricsRegistry {
    private final List<MetricsSource> sources = new CopyOnWriteArrayList<>();

    public void register(MetricsSource source) {
        sources.add(source);
    }

    /** Removes a source (a capture whose interface is gone). */
    public void unregister(MetricsSource source) {
        sources.remove(source);
    }

    public MetricsSnapshot snapshot() {
        MetricsSnapshot s = new MetricsSnapshot();
        for (MetricsSource source : sources) {
            source.collect(s);
        }
        return s;
    }
}
