package io.tapflow.metrics;

import io.tapflow.flow.FlowMeter;
import io.tapflow.l7.L7Counters;

/**
 * A flow meter with the tags the enrichment stage knows about its capture point and both sides:
 * the seam between the flow engine, the enrichment (io.tapflow.enrich, resource catalog) and the
 * rollup. {@link MetricsPipeline#attach} feeds plain meters with {@link #unknown} tags (all zero,
 * tap side empty); an enrichment operator produces these and calls
 * {@link MetricsPipeline#attachEnriched} instead. The tags are final when the meter is emitted (they
 * become part of hashed keys), and tag objects may be shared between meters: replace them, never
 * mutate them after emitting. A Flink POJO.
 */
public class EnrichedMeter {
    /** Shared all-zero tags ("unknown"): never mutate. */
    public static final ResourceTags UNKNOWN = new ResourceTags();

    public FlowMeter meter;
    /** Observation point (c, s, c-nd, ...; see L4FlowLog.tap_side); empty = not determined. */
    public String tapSide = "";
    public ResourceTags client = UNKNOWN;
    public ResourceTags server = UNKNOWN;
    /** The flow's application protocol (L7Protocol codes); 0 = none: no application rows. */
    public int l7Protocol;
    /** The second's application counters (requests, responses, errors, timeouts, rrt); null or empty = no application rows. */
    public L7Counters l7;

    public EnrichedMeter() {}

    public EnrichedMeter(FlowMeter meter, String tapSide, ResourceTags client, ResourceTags server) {
        this.meter = meter;
        this.tapSide = tapSide;
        this.client = client;
        this.server = server;
    }

    /** The meter with no resource knowledge. */
    public static EnrichedMeter unknown(FlowMeter meter) {
        return new EnrichedMeter(meter, "", UNKNOWN, UNKNOWN);
    }
}
