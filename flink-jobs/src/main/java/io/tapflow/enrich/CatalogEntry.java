package io.tapflow.enrich;

import io.tapflow.schema.resource.IpPrefix;

import io.tapflow.schema.Resource;
import io.tapflow.schema.ResourceKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The index's state of one (kind, id): the newest record seen, its version (kept after a delete so
 * an older record arriving late cannot bring the entry back), the bindings it currently claims,
 * and its tags resolved through its parents (cached until the catalog changes).
 */
final class CatalogEntry {
    final ResourceKind kind;
    final int id;
    /** Newest non-deleted state; after a delete, the last state it had (history claims still show it). */
    Resource record;
    long version = Long.MIN_VALUE;
    boolean deleted = true;
    /** updated_at of the delete, for expiring the version memory of deleted entries. */
    long deletedAt;
    final List<Binding> bindings = new ArrayList<>();
    final List<Binding> groupBindings = new ArrayList<>();
    final List<Long> macs = new ArrayList<>();
    /** Member keys this entry (a group or service) registered in the index's reverse maps. */
    final List<Long> members = new ArrayList<>();

    int resolvedGeneration = -1;
    final int[] tags = new int[TagColumn.COUNT];
    int[] groups = new int[0];

    CatalogEntry(ResourceKind kind, int id) {
        this.kind = kind;
        this.id = id;
    }

    static long key(ResourceKind kind, int id) {
        return ((long) kind.ordinal() << 32) | (id & 0xffffffffL);
    }

    long key() {
        return key(kind, id);
    }

    @Override
    public String toString() {
        return kind + "/" + id;
    }

    /** An address or prefix inside a VPC. */
    record Binding(int vpc, IpPrefix prefix) {}
}
