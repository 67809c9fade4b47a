package io.tapflow.enrich.flink;

import io.tapflow.enrich.CatalogMarkers;
import io.tapflow.enrich.EnrichmentConfig;
import io.tapflow.enrich.ResourceEvent;
import io.tapflow.enrich.ResourceIndex;
import io.tapflow.enrich.TagFiller;
import io.tapflow.schema.Resource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The catalog join: records in, the same records out with their resource tags filled.
 *
 * <p>The catalog arrives on a broadcast input (tapflow.resources) and is kept in broadcast state as
 * the newest record per {@code KIND/id}, so it is checkpointed and restored with the job; each
 * subtask derives its own {@link ResourceIndex} from it. Updates apply the moment they arrive,
 * without a restart.
 *
 * <p><b>Ordering rule.</b> A record is tagged with the owner its addresses had at the record's
 * end_time, among the catalog changes this subtask has received when the record arrives: changes
 * are stamped with their source time (updated_at), and an address remembers its previous owner for
 * the configured history retention. So a flow record that closes after pod A's deletion was applied
 * still carries A if its end_time precedes the deletion; a record arriving before the catalog
 * change it depends on was received is tagged with the catalog as it was (the sync lag).
 *
 * <p><b>Start.</b> On a fresh start (empty broadcast state) records are held until the resource
 * stream carries {@link CatalogMarkers#catalogReady()} (the source emits it once it has read the
 * topic up to its end), or the configured catalog wait has passed, or the hold is full; after a
 * restore the checkpointed catalog is used at once. Held records are checkpointed.
 *
 * <p>Metrics (group {@code resource_event}): the manual's event counters plus stale_ignored and
 * rejected; gauges {@code resources} and {@code held_records}.
 */
public final class EnrichmentFunction<T> extends BroadcastProcessFunction<T, Resource, T> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** Broadcast state: newest catalog record per {@code KIND/id}. */
    public static final MapStateDescriptor<String, Resource> CATALOG_STATE =
            new MapStateDescriptor<>("tapflow-catalog", Types.STRING, TypeInformation.of(Resource.class));

    private final EnrichmentConfig config;
    private final RecordTagger<T> tagger;
    private final TypeInformation<T> recordType;

    private transient ResourceIndex index;
    private transient TagFiller filler;
    private transient Map<ResourceEvent, Counter> counters;
    private transient boolean counting;
    private transient boolean ready;
    private transient long holdDeadlineMs;
    private transient ArrayDeque<T> held;
    private transient ListState<T> heldState;

    public EnrichmentFunction(EnrichmentConfig config, RecordTagger<T> tagger, TypeInformation<T> recordType) {
        this.config = config;
        this.tagger = tagger;
        this.recordType = recordType;
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("resource_event");
        counters = new EnumMap<>(ResourceEvent.class);
        for (ResourceEvent e : ResourceEvent.values()) {
            counters.put(e, group.counter(e.metricName()));
        }
        group.gauge("resources", () -> index == null ? 0 : index.size());
        group.gauge("held_records", () -> held == null ? 0 : held.size());
        holdDeadlineMs = System.currentTimeMillis() + config.catalogWait().toMillis();
        counting = true;
    }

    @Override
    public void processElement(T record, ReadOnlyContext ctx, Collector<T> out) throws Exception {
        ensureIndex(ctx.getBroadcastState(CATALOG_STATE));
        if (!ready) {
            if (System.currentTimeMillis() < holdDeadlineMs && held.size() < config.maxHeldRecords()) {
                held.add(record);
                return;
            }
            release(out);
        }
        tagger.tag(filler, record);
        out.collect(record);
    }

    @Override
    public void processBroadcastElement(Resource r, Context ctx, Collector<T> out) throws Exception {
        BroadcastState<String, Resource> state = ctx.getBroadcastState(CATALOG_STATE);
        ensureIndex(state);
        if (CatalogMarkers.isCatalogReady(r)) {
            release(out);
            return;
        }
        ResourceIndex.Outcome outcome = index.apply(r);
        switch (outcome) {
            case ADDED, UPDATED, DELETED -> state.put(CatalogMarkers.key(r), r);
            case FORGOTTEN -> state.remove(CatalogMarkers.key(r));
            case IGNORED -> {
                if (r.getDeleted() && r.getVersion() != ResourceIndex.TOMBSTONE_VERSION) {
                    state.put(CatalogMarkers.key(r), r); // a delete of an unknown entry: remember its version
                }
            }
            default -> { }
        }
    }

    private void release(Collector<T> out) {
        ready = true;
        while (!held.isEmpty()) {
            T record = held.poll();
            tagger.tag(filler, record);
            out.collect(record);
        }
    }

    /** Builds this subtask's index from the broadcast state the first time it is needed (start or restore). */
    private void ensureIndex(ReadOnlyBroadcastState<String, Resource> state) throws Exception {
        if (index != null) {
            return;
        }
        index = new ResourceIndex(config.historyRetention(), this::count);
        filler = new TagFiller(index, config);
        List<Resource> restored = new ArrayList<>();
        for (Map.Entry<String, Resource> e : state.immutableEntries()) {
            restored.add(e.getValue());
        }
        restored.sort(Comparator.comparingLong(Resource::getVersion));
        counting = false; // a restore is not a catalog change
        for (Resource r : restored) {
            index.apply(r);
        }
        counting = true;
        if (!restored.isEmpty() || config.catalogWait().isZero()) {
            ready = true;
        }
    }

    private void count(ResourceEvent event, long n) {
        if (counting && counters != null) {
            counters.get(event).inc(n);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        heldState.update(new ArrayList<>(held));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        heldState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("tapflow-enrich-held", recordType));
        held = new ArrayDeque<>();
        for (T r : heldState.get()) {
            held.add(r);
        }
    }
}
