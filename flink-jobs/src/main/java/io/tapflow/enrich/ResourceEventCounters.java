package io.tapflow.enrich;

import java.util.EnumMap;
import java.util.Map;

/** A {@link ResourceEvent.Listener} that just adds up; for tools and tests outside Flink. */
public final class ResourceEventCounters implements ResourceEvent.Listener {
    private final long[] counts = new long[ResourceEvent.values().length];

    @Override
    public void on(ResourceEvent event, long count) {
        counts[event.ordinal()] += count;
    }

    public long get(ResourceEvent event) {
        return counts[event.ordinal()];
    }

    public Map<ResourceEvent, Long> snapshot() {
        Map<ResourceEvent, Long> m = new EnumMap<>(ResourceEvent.class);
        for (ResourceEvent e : ResourceEvent.values()) {
            if (counts[e.ordinal()] != 0) {
                m.put(e, counts[e.ordinal()]);
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
