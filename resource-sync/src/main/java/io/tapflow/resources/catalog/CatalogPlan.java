package io.tapflow.resources.catalog;

import io.tapflow.resources.publish.ResourceSink;
import io.tapflow.schema.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one load writes: every entry of the file and, with pruning, a delete for each entry this
 * source wrote earlier that the file no longer has, plus tombstones for entries it deleted long
 * enough ago (a delete is kept as a record first so consumers that are behind still see it and the
 * enrichment keeps the address history; the tombstone lets compaction forget the key).
 */
public record CatalogPlan(List<Resource> records, List<String> tombstoneKeys, int deletes) {

    /**
     * @param current the topic's current contents (key → newest record)
     * @param prune whether entries of this source missing from the file are deleted
     * @param tombstoneAfter how long a delete stays before its tombstone is written
     */
    public static CatalogPlan of(CatalogLoader.Catalog catalog, Map<String, Resource> current, boolean prune,
            long version, Instant now, Duration tombstoneAfter) {
        List<Resource> records = new ArrayList<>(catalog.resources());
        List<String> tombstones = new ArrayList<>();
        int deletes = 0;
        if (prune) {
            Set<String> inFile = new HashSet<>();
            catalog.resources().forEach(r -> inFile.add(ResourceSink.key(r)));
            for (Map.Entry<String, Resource> e : current.entrySet()) {
                Resource old = e.getValue();
                if (inFile.contains(e.getKey()) || !catalog.source().equals(old.getAttributes().get(CatalogLoader.SOURCE_ATTRIBUTE))) {
                    continue;
                }
                if (!old.getDeleted()) {
                    Resource gone = Resource.newBuilder(old).setDeleted(true).setVersion(version).setUpdatedAt(now).build();
                    records.add(gone);
                    deletes++;
                } else if (old.getUpdatedAt().plus(tombstoneAfter).isBefore(now)) {
                    tombstones.add(e.getKey());
                }
            }
        }
        return new CatalogPlan(records, tombstones, deletes);
    }
}
