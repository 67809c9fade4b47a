package io.tapflow.resources.k8s;

import io.tapflow.schema.Resource;
import io.tapflow.schema.ResourceKind;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Stable integer ids for Kubernetes objects (the tag columns hold numbers, Kubernetes has UIDs).
 * An id, once given to a UID, stays with it: the registry is seeded at start from what the sync
 * published before (records carry {@code k8s.uid}), so a restarted sync gives every object its old
 * id. New objects get the next free id of their kind; kinds whose column is UInt16 (namespaces)
 * wrap around and reuse ids whose objects are gone. Not thread-safe: the sync calls it from one thread.
 */
final class IdRegistry {
    static final String UID_ATTRIBUTE = "k8s.uid";

    private final Map<ResourceKind, Map<String, Integer>> byUid = new EnumMap<>(ResourceKind.class);
    private final Map<ResourceKind, TreeSet<Integer>> used = new EnumMap<>(ResourceKind.class);

    /** Re-learns the ids of records published earlier by this sync. */
    void seed(Iterable<Resource> published) {
        for (Resource r : published) {
            String uid = r.getAttributes().get(UID_ATTRIBUTE);
            if (uid != null && !r.getDeleted()) {
                byUid.computeIfAbsent(r.getKind(), k -> new HashMap<>()).put(uid, r.getId());
                used.computeIfAbsent(r.getKind(), k -> new TreeSet<>()).add(r.getId());
            }
        }
    }

    /** The id of {@code uid}, allocating one on first sight. */
    int idOf(ResourceKind kind, String uid) {
        Map<String, Integer> ids = byUid.computeIfAbsent(kind, k -> new HashMap<>());
        Integer id = ids.get(uid);
        if (id != null) {
            return id;
        }
        TreeSet<Integer> taken = used.computeIfAbsent(kind, k -> new TreeSet<>());
        int max = kind == ResourceKind.POD_NAMESPACE ? 65535 : Integer.MAX_VALUE;
        int next = taken.isEmpty() ? 1 : taken.last() + 1;
        if (next > max || next <= 0) {
            next = 1;
            while (taken.contains(next)) {
                next++;
                if (next > max) {
                    throw new IllegalStateException("no free " + kind + " id left (all " + max + " in use)");
                }
            }
        }
        ids.put(uid, next);
        taken.add(next);
        return next;
    }

    /** The id of {@code uid} if it has one, else 0 (no allocation). */
    int existing(ResourceKind kind, String uid) {
        Map<String, Integer> ids = byUid.get(kind);
        Integer id = ids == null || uid == null ? null : ids.get(uid);
        return id == null ? 0 : id;
    }

    /** Frees the id of a deleted object for reuse (only UInt16 kinds ever wrap around to it). */
    void release(ResourceKind kind, String uid) {
        Map<String, Integer> ids = byUid.get(kind);
        Integer id = ids == null ? null : ids.remove(uid);
        if (id != null) {
            used.get(kind).remove(id);
        }
    }
}
