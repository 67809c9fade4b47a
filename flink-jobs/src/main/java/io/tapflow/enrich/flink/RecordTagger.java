package io.tapflow.enrich.flink;

import io.tapflow.enrich.TagFiller;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.L7FlowLog;
import java.io.Serializable;

/** How {@link EnrichmentFunction} tags one record type in place. */
@FunctionalInterface
public interface RecordTagger<T> extends Serializable {
    RecordTagger<L4FlowLog> L4_FLOW_LOG = (filler, r) -> filler.fill(r);
    RecordTagger<L7FlowLog> L7_FLOW_LOG = (filler, r) -> filler.fill(r);

    void tag(TagFiller filler, T record);
}
