package io.tapflow.enrich;

/**
 * Kinds of catalog change, named after the manual's resource-event metrics (part-3 §2.5: event,
 * sync_event, del_event, update_state_event, migrate_event, add_ip_event, del_ip_event,
 * rebuild_event), plus two of tapflow's own for records the index did not apply.
 */
public enum ResourceEvent {
    /** Every applied change (the manual's total). */
    EVENT("event"),
    /** An entry appeared (created or first synced). */
    SYNC_EVENT("sync_event"),
    /** An entry was deleted (deleted flag or tombstone). */
    DEL_EVENT("del_event"),
    /** An entry changed in place (name, labels, parents, ...). */
    UPDATE_STATE_EVENT("update_state_event"),
    /** An entry moved: its host, VM, container node or AZ changed. */
    MIGRATE_EVENT("migrate_event"),
    /** An address or prefix was bound (one count per binding). */
    ADD_IP_EVENT("add_ip_event"),
    /** An address or prefix was released (one count per binding). */
    DEL_IP_EVENT("del_ip_event"),
    /** An entry came back under the same id after a delete. */
    REBUILD_EVENT("rebuild_event"),
    /** A record older than (or as old as) the one already applied: ignored. */
    STALE_IGNORED("stale_ignored"),
    /** A record (or a binding in it) the index cannot use: id &lt;= 0, a bad address, ... */
    REJECTED("rejected");

    private final String metricName;

    ResourceEvent(String metricName) {
        this.metricName = metricName;
    }

    /** The metric name (the manual's identifier for the first eight). */
    public String metricName() {
        return metricName;
    }

    /** Receives counts of resource events as the index applies records. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (event, count) -> {};

        void on(ResourceEvent event, long count);
    }
}
