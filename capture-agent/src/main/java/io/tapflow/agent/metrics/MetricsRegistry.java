package io.tapflow.agent.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The agent's metric sources; capture pipelines register as they start. */
public final class MetricsRegistry {
    private final List<MetricsSource> sources = new CopyOnWriteArrayList<>();

    public void register(MetricsSource source) {
        sources.add(source);
    }

    public MetricsSnapshot snapshot() {
        MetricsSnapshot s = new MetricsSnapshot();
        for (MetricsSource source : sources) {
            source.collect(s);
        }
        return s;
    }
}
