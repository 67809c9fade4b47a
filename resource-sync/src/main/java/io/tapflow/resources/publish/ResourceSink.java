package io.tapflow.resources.publish;

import io.tapflow.schema.Resource;
import java.util.List;

/** Where catalog sources write: tapflow.resources in production. */
public interface ResourceSink {
    /**
     * Writes {@code records} (key {@code KIND/id}) and then tombstones for {@code tombstoneKeys},
     * atomically: readers see all of them or none.
     */
    void publish(List<Resource> records, List<String> tombstoneKeys);

    /** Kafka key of an entry: {@code KIND/id} (the schema's contract, e.g. {@code POD/4711}). */
    static String key(Resource r) {
        return r.getKind().name() + "/" + r.getId();
    }
}
