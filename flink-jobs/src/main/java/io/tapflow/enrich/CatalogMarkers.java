package io.tapflow.enrich;

import io.tapflow.schema.Resource;
import io.tapflow.schema.ResourceKind;
import java.util.Map;

/**
 * Control records that travel in the resource stream next to catalog entries (kind UNKNOWN, so any
 * {@link ResourceIndex} ignores them), and the Kafka keys of catalog entries.
 */
public final class CatalogMarkers {
    /** Attribute that marks a control record; its value says which. */
    public static final String CONTROL = "tapflow.control";
    /** The reader has caught up with the topic's end as of its start: the catalog is loaded. */
    public static final String CATALOG_READY = "catalog-ready";

    private CatalogMarkers() {}

    public static Resource catalogReady() {
        return Resource.newBuilder().setKind(ResourceKind.UNKNOWN).setId(0).setAttributes(Map.of(CONTROL, CATALOG_READY)).build();
    }

    public static boolean isCatalogReady(Resource r) {
        return r.getKind() == ResourceKind.UNKNOWN && CATALOG_READY.equals(r.getAttributes().get(CONTROL));
    }

    /** Kafka key (and broadcast-state key) of an entry: {@code KIND/id}, e.g. {@code POD/4711}. */
    public static String key(ResourceKind kind, int id) {
        return kind.name() + "/" + id;
    }

    public static String key(Resource r) {
        return key(r.getKind(), r.getId());
    }

    /**
     * The record a Kafka tombstone (null value) under {@code key} stands for: a delete with
     * {@link ResourceIndex#TOMBSTONE_VERSION}, which makes the index forget the entry. Null if the
     * key is not {@code KIND/id} with a known kind.
     */
    public static Resource tombstone(String key) {
        int slash = key == null ? -1 : key.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        try {
            ResourceKind kind = ResourceKind.valueOf(key.substring(0, slash));
            int id = Integer.parseInt(key.substring(slash + 1));
            return Resource.newBuilder().setKind(kind).setId(id).setDeleted(true).setVersion(ResourceIndex.TOMBSTONE_VERSION).build();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
