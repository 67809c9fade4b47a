package io.tapflow.enrich;

import io.tapflow.schema.resource.IpPrefix;

import io.tapflow.enrich.CatalogEntry.Binding;
import io.tapflow.schema.IpBinding;
import io.tapflow.schema.MacBinding;
import io.tapflow.schema.Resource;
import io.tapflow.schema.ResourceKind;
import io.tapflow.schema.ResourceRef;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The resource catalog as a lookup structure, updated record by record from tapflow.resources.
 *
 * <p><b>Entries</b> are kept by (kind, id) with the newest version seen; an older or equal version
 * arriving later is ignored, and a deleted entry remembers its version for {@code historyRetention}
 * so a late, older "add" cannot resurrect it. A tombstone ({@link #forget}) drops it at once.
 *
 * <p><b>Addresses</b> are scoped by VPC: one prefix trie per (VPC, family), since the same
 * 10.0.0.0/16 exists in many VPCs. Lookups take the longest matching prefix whose claim is valid at
 * the record's event time: when pod A is deleted and pod B reuses its IP, a record stamped before
 * the change resolves to A (for {@code historyRetention} after the change), one stamped after it
 * to B, whatever order the two catalog records arrive in. An exact device address beats its
 * subnet's CIDR; the subnet still supplies subnet_id when the device names none.
 *
 * <p><b>Tags</b> of an entry are its own fields completed through its parents (pod → workload,
 * namespace, node → VM → host → AZ → region; subnet → VPC ...), so a catalog may name only direct
 * parents. They are resolved lazily and cached until the next change.
 *
 * <p>Single-threaded: in Flink, each subtask owns one index (broadcast state). Lookups allocate
 * nothing.
 */
public final class ResourceIndex {
    /** Context VPC meaning "not known from the flow": the address alone decides (see {@link #lookupV4}). */
    public static final int VPC_UNKNOWN = 0;
    /** Version of a tombstone (a Kafka record with a null value): forget the entry whatever its version. */
    public static final long TOMBSTONE_VERSION = Long.MIN_VALUE;

    private static final int NO_MATCH = Integer.MIN_VALUE;
    private static final int AMBIGUOUS = Integer.MIN_VALUE + 1;
    private static final int EXPIRE_EVERY = 256;
    /** Parent kinds whose fields flow down to their children, in the order that closes the chain. */
    private static final TagColumn[] INHERIT_ORDER = {
        TagColumn.POD_GROUP_ID, TagColumn.POD_NS_ID, TagColumn.POD_NODE_ID, TagColumn.VM_ID, TagColumn.HOST_ID,
        TagColumn.SUBNET_ID, TagColumn.POD_CLUSTER_ID, TagColumn.AZ_ID, TagColumn.L3_EPC_ID};

    private final long retentionMicros;
    private final ResourceEvent.Listener events;

    private final LongObjectMap<CatalogEntry> entries = new LongObjectMap<>();
    private final ScopedPrefixes<ClaimSet> v4 = new ScopedPrefixes<>(false);
    private final ScopedPrefixes<ClaimSet> v6 = new ScopedPrefixes<>(true);
    private final ScopedPrefixes<int[]> anyV4 = new ScopedPrefixes<>(false); // (0, prefix) -> VPCs that bind it
    private final ScopedPrefixes<int[]> anyV6 = new ScopedPrefixes<>(true);
    private final ScopedPrefixes<int[]> groupsV4 = new ScopedPrefixes<>(false); // (vpc, prefix) -> group ids
    private final ScopedPrefixes<int[]> groupsV6 = new ScopedPrefixes<>(true);
    private int groupRanges; // skip the group lookups entirely while no group has a range
    private final LongObjectMap<MacClaim> macs = new LongObjectMap<>();
    private final Map<Long, Set<Integer>> groupsByMember = new HashMap<>();
    private final Map<Long, Set<Integer>> servicesByPod = new HashMap<>();
    private final Set<CatalogEntry> vpcs = new HashSet<>();
    private VpcMatchTable vpcMatches = VpcMatchTable.EMPTY;

    private final List<ClosedClaim> history = new ArrayList<>(); // ended claims kept for late records
    private final int[] path = new int[129];
    private int generation;
    private long clock; // newest updated_at seen: the "now" history retention is measured against
    private int appliesSinceExpire;
    private int liveEntries;

    /**
     * @param historyRetention how long an address keeps its previous owner for records stamped
     *     before the change (late flow records); 0 disables history
     * @param events receives the resource-event counts
     */
    public ResourceIndex(Duration historyRetention, ResourceEvent.Listener events) {
        this.retentionMicros = historyRetention.toNanos() / 1000;
        this.events = Objects.requireNonNull(events);
    }

    /** An index with 10 minutes of history and no event listener. */
    public ResourceIndex() {
        this(Duration.ofMinutes(10), ResourceEvent.Listener.NONE);
    }

    // ------------------------------------------------------------------------------------ updates

    /** Outcome of {@link #apply}. */
    public enum Outcome { ADDED, UPDATED, DELETED, FORGOTTEN, STALE, IGNORED, REJECTED }

    /**
     * Applies one record of tapflow.resources: add, update or delete by version. Kind UNKNOWN
     * (a newer kind this reader does not know, or a control marker) is ignored; id &lt;= 0 is rejected.
     * A record with {@code deleted} and {@link #TOMBSTONE_VERSION} forgets the entry.
     */
    public Outcome apply(Resource r) {
        if (r.getKind() == null || r.getKind() == ResourceKind.UNKNOWN) {
            return Outcome.IGNORED;
        }
        if (r.getId() <= 0) {
            events.on(ResourceEvent.REJECTED, 1);
            return Outcome.REJECTED;
        }
        if (r.getDeleted() && r.getVersion() == TOMBSTONE_VERSION) {
            return forget(r.getKind(), r.getId()) ? Outcome.FORGOTTEN : Outcome.IGNORED;
        }
        long key = CatalogEntry.key(r.getKind(), r.getId());
        CatalogEntry e = entries.get(key);
        if (e != null && r.getVersion() <= e.version) {
            events.on(ResourceEvent.STALE_IGNORED, 1);
            return Outcome.STALE;
        }
        long at = micros(r.getUpdatedAt());
        clock = Math.max(clock, at);
        if (e == null) {
            e = new CatalogEntry(r.getKind(), r.getId());
            entries.put(key, e);
        }
        boolean wasLive = !e.deleted;
        boolean wasSeen = e.record != null;
        Outcome outcome;
        if (r.getDeleted()) {
            e.version = r.getVersion();
            if (!wasLive) {
                // nothing to remove; the version is remembered so an older add arriving later stays out
                e.deletedAt = at;
                return Outcome.IGNORED;
            }
            release(e, at);
            e.deleted = true;
            e.deletedAt = at;
            liveEntries--;
            events.on(ResourceEvent.DEL_EVENT, 1);
            outcome = Outcome.DELETED;
        } else {
            Resource old = wasLive ? e.record : null;
            e.version = r.getVersion();
            e.record = r;
            e.deleted = false;
            bind(e, r, at);
            if (!wasLive) {
                liveEntries++;
                events.on(wasSeen ? ResourceEvent.REBUILD_EVENT : ResourceEvent.SYNC_EVENT, 1);
                outcome = Outcome.ADDED;
            } else {
                events.on(moved(old, r) ? ResourceEvent.MIGRATE_EVENT : ResourceEvent.UPDATE_STATE_EVENT, 1);
                outcome = Outcome.UPDATED;
            }
        }
        relink(e, r.getDeleted() ? null : r);
        events.on(ResourceEvent.EVENT, 1);
        generation++;
        if (++appliesSinceExpire >= EXPIRE_EVERY) {
            expireHistory();
        }
        return outcome;
    }

    /** Drops an entry, its bindings and their history at once (a Kafka tombstone). */
    public boolean forget(ResourceKind kind, int id) {
        CatalogEntry e = entries.remove(CatalogEntry.key(kind, id));
        if (e == null) {
            return false;
        }
        if (!e.deleted) {
            release(e, Long.MIN_VALUE);
            liveEntries--;
            events.on(ResourceEvent.DEL_EVENT, 1);
            events.on(ResourceEvent.EVENT, 1);
        }
        relink(e, null);
        purgeClaims(e);
        generation++;
        return true;
    }

    /**
     * Drops history older than the retention (measured against the newest updated_at seen) and
     * deleted entries' version memory past it. Runs by itself every few hundred updates.
     */
    public void expireHistory() {
        appliesSinceExpire = 0;
        if (clock == 0) {
            return;
        }
        long horizon = clock - retentionMicros;
        history.removeIf(h -> {
            if (h.claim().validTo > horizon) {
                return false;
            }
            h.set().remove(h.claim());
            dropIfEmpty(h.trie(), h.binding(), h.set());
            return true;
        });
        List<CatalogEntry> gone = new ArrayList<>();
        entries.forEachValue(e -> {
            if (e.deleted && e.deletedAt < horizon) {
                gone.add(e);
            }
        });
        for (CatalogEntry e : gone) {
            entries.remove(e.key());
        }
    }

    // ------------------------------------------------------------------------------------ lookups

    /**
     * Tags of an IPv4 address (unsigned 32-bit, as L4FlowLog.ip4_0) inside VPC {@code vpc} at event
     * time {@code timeMicros}. With {@link #VPC_UNKNOWN} the address decides: the VPC whose binding
     * is the longest match, if exactly one VPC has it. An address that no VPC binds at all gets
     * l3_epc_id -2 (Internet); one bound only in other VPCs gets 0 (unknown).
     */
    public void lookupV4(int vpc, long ip4, long timeMicros, EndpointTags out) {
        lookup(vpc, false, (ip4 & 0xffffffffL) << 32, 0, timeMicros, out);
    }

    /** As {@link #lookupV4} for an IPv6 address given as its two 64-bit halves (network order). */
    public void lookupV6(int vpc, long hi, long lo, long timeMicros, EndpointTags out) {
        lookup(vpc, true, hi, lo, timeMicros, out);
    }

    /** As {@link #lookupV6} for 16 bytes at the buffer's position (as L4FlowLog.ip6_0); other lengths give empty tags. */
    public void lookupV6(int vpc, ByteBuffer ip6, long timeMicros, EndpointTags out) {
        if (ip6 == null || ip6.remaining() != 16) {
            out.clear();
            return;
        }
        int p = ip6.position();
        lookup(vpc, true, ip6.getLong(p), ip6.getLong(p + 8), timeMicros, out);
    }

    /** VPC of the interface with this MAC (a VM's, pod's or host's), 0 if unknown. */
    public int interfaceVpc(long mac) {
        if (mac == 0) {
            return 0;
        }
        MacClaim m = macs.get(mac);
        return m == null ? 0 : m.vpc;
    }

    /** VPC a tunnel id (VXLAN/Geneve VNI, GRE key) maps to in the catalog (VPC attribute match.tunnel_ids), 0 if none. */
    public int vpcForTunnel(long tunnelId) {
        return vpcMatches.tunnel(tunnelId);
    }

    /** VPC a VLAN maps to in the catalog (VPC attribute match.vlans), 0 if none. */
    public int vpcForVlan(int vlan) {
        return vpcMatches.vlan(vlan);
    }

    /** VPC a capture point maps to in the catalog (VPC attribute match.taps), 0 if none. */
    public int vpcForTap(String agentId, long tapPort) {
        return vpcMatches.tap(agentId, tapPort);
    }

    /** Number of live (not deleted) entries. */
    public int size() {
        return liveEntries;
    }

    /** The newest state of an entry, or null if unknown or deleted. */
    public Resource get(ResourceKind kind, int id) {
        CatalogEntry e = entries.get(CatalogEntry.key(kind, id));
        return e == null || e.deleted ? null : e.record;
    }

    /** The version the index holds for an entry (deleted ones too), or {@link Long#MIN_VALUE}. */
    public long version(ResourceKind kind, int id) {
        CatalogEntry e = entries.get(CatalogEntry.key(kind, id));
        return e == null ? Long.MIN_VALUE : e.version;
    }

    private void lookup(int vpc, boolean ipv6, long hi, long lo, long time, EndpointTags out) {
        out.clear();
        int scope = vpc;
        if (scope == VPC_UNKNOWN) {
            scope = vpcByAddress(ipv6, hi, lo);
            if (scope == NO_MATCH) {
                out.set(TagColumn.L3_EPC_ID, EndpointTags.INTERNET);
                return;
            }
            if (scope == AMBIGUOUS) {
                return;
            }
        }
        ScopedPrefixes<ClaimSet> table = ipv6 ? v6 : v4;
        AddressClaim best = null;
        AddressClaim subnet = null;
        ClaimSet exact = table.host(scope, hi >>> 32);
        if (exact != null) {
            best = exact.choose(time);
        }
        if (best != null) {
            resolve(best.owner);
        }
        // the shorter prefixes only matter without an exact owner, or to name the subnet it does not name
        PrefixTrie<ClaimSet> trie = best != null && best.owner.tags[TagColumn.SUBNET_ID.ordinal()] != 0 ? null : table.trie(scope);
        int n = trie == null ? 0 : trie.walk(hi, lo, table.maxLength(), path);
        for (int i = n - 1; i >= 0; i--) {
            AddressClaim c = trie.payload(path[i]).choose(time);
            if (c == null) {
                continue;
            }
            if (best == null) {
                best = c;
            }
            if (c.owner.kind == ResourceKind.SUBNET) {
                subnet = c;
                break;
            }
        }
        if (best == null) {
            if (vpc != VPC_UNKNOWN && vpcByAddress(ipv6, hi, lo) == NO_MATCH) {
                out.set(TagColumn.L3_EPC_ID, EndpointTags.INTERNET);
            }
            return;
        }
        CatalogEntry owner = best.owner;
        resolve(owner);
        System.arraycopy(owner.tags, 0, out.values, 0, TagColumn.COUNT);
        addGroups(owner, out);
        if (subnet != null && subnet != best && out.values[TagColumn.SUBNET_ID.ordinal()] == 0) {
            CatalogEntry s = subnet.owner;
            resolve(s);
            for (TagColumn c : INHERIT_ORDER) {
                fillZero(out.values, c, s.tags[c.ordinal()]);
            }
            fillZero(out.values, TagColumn.REGION_ID, s.tags[TagColumn.REGION_ID.ordinal()]);
            addGroups(s, out);
        }
        // the binding's VPC is the truth for this address, whatever the owner's record says
        out.values[TagColumn.L3_EPC_ID.ordinal()] = scope;
        if (groupRanges > 0) {
            ScopedPrefixes<int[]> groupTable = ipv6 ? groupsV6 : groupsV4;
            int[] exactGroups = groupTable.host(scope, hi >>> 32);
            if (exactGroups != null) {
                for (int id : exactGroups) {
                    out.addGroup(id);
                }
            }
            PrefixTrie<int[]> groups = groupTable.trie(scope);
            int g = groups == null ? 0 : groups.walk(hi, lo, groupTable.maxLength(), path);
            for (int i = 0; i < g; i++) {
                for (int id : groups.payload(path[i])) {
                    out.addGroup(id);
                }
            }
        }
    }

    private static void addGroups(CatalogEntry e, EndpointTags out) {
        for (int g : e.groups) {
            out.addGroup(g);
        }
    }

    /** The VPC whose binding of this address is the longest, NO_MATCH if none binds it, AMBIGUOUS if several do. */
    private int vpcByAddress(boolean ipv6, long hi, long lo) {
        ScopedPrefixes<int[]> any = ipv6 ? anyV6 : anyV4;
        int[] owners = any.host(0, hi >>> 32);
        if (owners == null) {
            PrefixTrie<int[]> trie = any.trie(0);
            int n = trie == null ? 0 : trie.walk(hi, lo, any.maxLength(), path);
            if (n == 0) {
                return NO_MATCH;
            }
            owners = trie.payload(path[n - 1]);
        }
        return owners.length == 1 ? owners[0] : AMBIGUOUS;
    }

    // ------------------------------------------------------------------------------------ resolution

    private void resolve(CatalogEntry e) {
        if (e.resolvedGeneration == generation) {
            return;
        }
        int[] t = e.tags;
        Arrays.fill(t, 0);
        Resource r = e.record;
        TagColumn own = ownColumn(e.kind);
        if (own != null) {
            t[own.ordinal()] = e.id;
        }
        t[TagColumn.L3_DEVICE_TYPE.ordinal()] = DeviceType.of(e.kind);
        if (t[TagColumn.L3_DEVICE_TYPE.ordinal()] != 0) {
            t[TagColumn.L3_DEVICE_ID.ordinal()] = e.id;
        }
        copyFields(r, t);
        if (e.kind == ResourceKind.POD && t[TagColumn.SERVICE_ID.ordinal()] == 0) {
            List<Integer> declared = r.getServiceIds();
            if (declared != null && !declared.isEmpty()) {
                t[TagColumn.SERVICE_ID.ordinal()] = declared.get(0);
            } else {
                Set<Integer> selecting = servicesByPod.get(e.key());
                if (selecting != null && !selecting.isEmpty()) {
                    t[TagColumn.SERVICE_ID.ordinal()] = selecting.iterator().next();
                }
            }
        }
        for (TagColumn c : INHERIT_ORDER) {
            int parentId = t[c.ordinal()];
            ResourceKind parentKind = kindOf(c);
            if (parentId == 0 || parentKind == e.kind) {
                continue;
            }
            CatalogEntry p = entries.get(CatalogEntry.key(parentKind, parentId));
            if (p != null && !p.deleted) {
                copyFields(p.record, t);
            }
        }
        TreeSet<Integer> groups = new TreeSet<>();
        collectGroups(e.key(), groups);
        for (TagColumn c : TagColumn.values()) {
            ResourceKind k = kindOf(c);
            if (k != null && t[c.ordinal()] > 0) {
                collectGroups(CatalogEntry.key(k, t[c.ordinal()]), groups);
            }
        }
        e.groups = groups.stream().mapToInt(Integer::intValue).toArray();
        e.resolvedGeneration = generation;
    }

    private void collectGroups(long memberKey, Set<Integer> into) {
        Set<Integer> g = groupsByMember.get(memberKey);
        if (g != null) {
            into.addAll(g);
        }
    }

    /** Copies a record's parent ids into the still-empty tag slots. */
    private static void copyFields(Resource r, int[] t) {
        fillZero(t, TagColumn.REGION_ID, r.getRegionId());
        fillZero(t, TagColumn.AZ_ID, r.getAzId());
        fillZero(t, TagColumn.L3_EPC_ID, r.getL3EpcId());
        fillZero(t, TagColumn.SUBNET_ID, r.getSubnetId());
        fillZero(t, TagColumn.HOST_ID, r.getHostId());
        fillZero(t, TagColumn.VM_ID, r.getVmId());
        fillZero(t, TagColumn.POD_CLUSTER_ID, r.getPodClusterId());
        fillZero(t, TagColumn.POD_NODE_ID, r.getPodNodeId());
        fillZero(t, TagColumn.POD_NS_ID, r.getPodNsId());
        fillZero(t, TagColumn.POD_GROUP_ID, r.getPodGroupId());
    }

    private static void fillZero(int[] t, TagColumn c, int value) {
        if (t[c.ordinal()] == 0) {
            t[c.ordinal()] = value;
        }
    }

    /** The column an entry of {@code kind} puts its own id into. */
    static TagColumn ownColumn(ResourceKind kind) {
        return switch (kind) {
            case REGION -> TagColumn.REGION_ID;
            case AZ -> TagColumn.AZ_ID;
            case VPC -> TagColumn.L3_EPC_ID;
            case SUBNET -> TagColumn.SUBNET_ID;
            case HOST -> TagColumn.HOST_ID;
            case VM -> TagColumn.VM_ID;
            case POD_CLUSTER -> TagColumn.POD_CLUSTER_ID;
            case POD_NODE -> TagColumn.POD_NODE_ID;
            case POD_NAMESPACE -> TagColumn.POD_NS_ID;
            case WORKLOAD -> TagColumn.POD_GROUP_ID;
            case POD -> TagColumn.POD_ID;
            case SERVICE -> TagColumn.SERVICE_ID;
            default -> null;
        };
    }

    /** The kind whose ids a column holds, or null (device type/id). */
    static ResourceKind kindOf(TagColumn c) {
        return switch (c) {
            case REGION_ID -> ResourceKind.REGION;
            case AZ_ID -> ResourceKind.AZ;
            case HOST_ID -> ResourceKind.HOST;
            case VM_ID -> ResourceKind.VM;
            case POD_CLUSTER_ID -> ResourceKind.POD_CLUSTER;
            case POD_NODE_ID -> ResourceKind.POD_NODE;
            case POD_NS_ID -> ResourceKind.POD_NAMESPACE;
            case POD_GROUP_ID -> ResourceKind.WORKLOAD;
            case POD_ID -> ResourceKind.POD;
            case SERVICE_ID -> ResourceKind.SERVICE;
            case L3_EPC_ID -> ResourceKind.VPC;
            case SUBNET_ID -> ResourceKind.SUBNET;
            default -> null;
        };
    }

    private static boolean moved(Resource old, Resource now) {
        return old != null && (old.getHostId() != now.getHostId() || old.getVmId() != now.getVmId()
                || old.getPodNodeId() != now.getPodNodeId() || old.getAzId() != now.getAzId());
    }

    // ------------------------------------------------------------------------------------ bindings

    /** Brings the entry's address, group-range and MAC bindings in line with {@code r}. */
    private void bind(CatalogEntry e, Resource r, long at) {
        List<Binding> wanted = new ArrayList<>();
        for (IpBinding b : r.getIpBindings()) {
            Binding binding = toBinding(b, r.getL3EpcId());
            if (binding == null) {
                events.on(ResourceEvent.REJECTED, 1);
            } else if (!wanted.contains(binding)) {
                wanted.add(binding);
            }
        }
        boolean group = e.kind == ResourceKind.CUSTOM_GROUP;
        List<Binding> current = group ? e.groupBindings : e.bindings;
        long removed = 0;
        for (Binding b : List.copyOf(current)) {
            if (!wanted.contains(b)) {
                if (group) {
                    unbindGroupRange(e, b);
                } else {
                    unbindAddress(e, b, at);
                }
                current.remove(b);
                removed++;
            }
        }
        long added = 0;
        for (Binding b : wanted) {
            if (!current.contains(b)) {
                if (group) {
                    bindGroupRange(e, b);
                } else {
                    bindAddress(e, b, at);
                }
                current.add(b);
                added++;
            }
        }
        if (added > 0) {
            events.on(ResourceEvent.ADD_IP_EVENT, added);
        }
        if (removed > 0) {
            events.on(ResourceEvent.DEL_IP_EVENT, removed);
        }
        bindMacs(e, r);
    }

    private void release(CatalogEntry e, long at) {
        long removed = e.bindings.size() + e.groupBindings.size();
        for (Binding b : e.bindings) {
            unbindAddress(e, b, at);
        }
        for (Binding b : e.groupBindings) {
            unbindGroupRange(e, b);
        }
        e.bindings.clear();
        e.groupBindings.clear();
        if (removed > 0) {
            events.on(ResourceEvent.DEL_IP_EVENT, removed);
        }
        unbindMacs(e);
    }

    private static Binding toBinding(IpBinding b, int ownVpc) {
        ByteBuffer ip = b.getIp();
        if (ip == null || (ip.remaining() != 4 && ip.remaining() != 16)) {
            return null;
        }
        byte[] bytes = new byte[ip.remaining()];
        ip.duplicate().get(bytes);
        int max = bytes.length * 8;
        if (b.getPrefixLength() < 0 || b.getPrefixLength() > max) {
            return null;
        }
        int vpc = b.getL3EpcId() != 0 ? b.getL3EpcId() : ownVpc;
        return new Binding(vpc, IpPrefix.of(bytes, b.getPrefixLength()).masked());
    }

    private void bindAddress(CatalogEntry e, Binding b, long at) {
        ScopedPrefixes<ClaimSet> table = b.prefix().ipv6() ? v6 : v4;
        IpPrefix p = b.prefix();
        ClaimSet set = table.get(b.vpc(), p);
        if (set == null) {
            set = new ClaimSet();
            table.put(b.vpc(), p, set);
            addVpcOwner(p, b.vpc());
        }
        set.add(new AddressClaim(e, e.version, at));
    }

    private void unbindAddress(CatalogEntry e, Binding b, long at) {
        IpPrefix p = b.prefix();
        ScopedPrefixes<ClaimSet> trie = p.ipv6() ? v6 : v4;
        ClaimSet set = trie.get(b.vpc(), p);
        AddressClaim claim = set == null ? null : set.liveClaimOf(e);
        if (claim == null) {
            return;
        }
        claim.validTo = Math.max(at, claim.validFrom);
        if (retentionMicros == 0 || at == Long.MIN_VALUE) {
            set.remove(claim);
            dropIfEmpty(trie, b, set);
        } else {
            history.add(new ClosedClaim(trie, b, set, claim));
        }
    }

    /** Drops every history claim of a forgotten entry. */
    private void purgeClaims(CatalogEntry e) {
        history.removeIf(h -> {
            if (h.claim().owner != e) {
                return false;
            }
            h.set().remove(h.claim());
            dropIfEmpty(h.trie(), h.binding(), h.set());
            return true;
        });
    }

    private void dropIfEmpty(ScopedPrefixes<ClaimSet> table, Binding b, ClaimSet set) {
        if (set.size() == 0 && table.get(b.vpc(), b.prefix()) == set) {
            table.put(b.vpc(), b.prefix(), null);
            removeVpcOwner(b.prefix(), b.vpc());
        }
    }

    private void addVpcOwner(IpPrefix p, int vpc) {
        ScopedPrefixes<int[]> any = p.ipv6() ? anyV6 : anyV4;
        any.put(0, p, with(any.get(0, p), vpc));
    }

    private void removeVpcOwner(IpPrefix p, int vpc) {
        ScopedPrefixes<int[]> any = p.ipv6() ? anyV6 : anyV4;
        int[] left = without(any.get(0, p), vpc);
        any.put(0, p, left.length == 0 ? null : left);
    }

    private void bindGroupRange(CatalogEntry e, Binding b) {
        ScopedPrefixes<int[]> table = b.prefix().ipv6() ? groupsV6 : groupsV4;
        table.put(b.vpc(), b.prefix(), with(table.get(b.vpc(), b.prefix()), e.id));
        groupRanges++;
    }

    private void unbindGroupRange(CatalogEntry e, Binding b) {
        ScopedPrefixes<int[]> table = b.prefix().ipv6() ? groupsV6 : groupsV4;
        int[] left = without(table.get(b.vpc(), b.prefix()), e.id);
        table.put(b.vpc(), b.prefix(), left.length == 0 ? null : left);
        groupRanges--;
    }

    private void bindMacs(CatalogEntry e, Resource r) {
        unbindMacs(e);
        for (MacBinding m : r.getMacBindings()) {
            if (m.getMac() == 0) {
                events.on(ResourceEvent.REJECTED, 1);
                continue;
            }
            MacClaim existing = macs.get(m.getMac());
            if (existing == null || existing.owner == e || existing.since <= e.version) {
                int vpc = m.getL3EpcId() != 0 ? m.getL3EpcId() : r.getL3EpcId();
                macs.put(m.getMac(), new MacClaim(e, e.version, vpc));
                e.macs.add(m.getMac());
            }
        }
    }

    private void unbindMacs(CatalogEntry e) {
        for (long mac : e.macs) {
            MacClaim m = macs.get(mac);
            if (m != null && m.owner == e) {
                macs.remove(mac);
            }
        }
        e.macs.clear();
    }

    /** Re-derives the member → group, pod → service and VPC match tables an entry contributes to. */
    private void relink(CatalogEntry e, Resource now) {
        if (e.kind == ResourceKind.CUSTOM_GROUP || e.kind == ResourceKind.SERVICE) {
            Map<Long, Set<Integer>> index = e.kind == ResourceKind.SERVICE ? servicesByPod : groupsByMember;
            for (long member : e.members) {
                Set<Integer> s = index.get(member);
                if (s != null) {
                    s.remove(e.id);
                    if (s.isEmpty()) {
                        index.remove(member);
                    }
                }
            }
            e.members.clear();
            if (now != null) {
                for (ResourceRef ref : now.getMembers()) {
                    long member = CatalogEntry.key(ref.getKind(), ref.getId());
                    index.computeIfAbsent(member, k -> new TreeSet<>()).add(e.id);
                    e.members.add(member);
                }
            }
        }
        if (e.kind == ResourceKind.VPC) {
            if (now == null) {
                vpcs.remove(e);
            } else {
                vpcs.add(e);
            }
            vpcMatches = VpcMatchTable.of(vpcs);
        }
    }

    private static int[] with(int[] sorted, int v) {
        if (sorted == null) {
            return new int[] {v};
        }
        int i = Arrays.binarySearch(sorted, v);
        if (i >= 0) {
            return sorted;
        }
        int at = -i - 1;
        int[] out = new int[sorted.length + 1];
        System.arraycopy(sorted, 0, out, 0, at);
        out[at] = v;
        System.arraycopy(sorted, at, out, at + 1, sorted.length - at);
        return out;
    }

    private static int[] without(int[] sorted, int v) {
        if (sorted == null) {
            return new int[0];
        }
        int i = Arrays.binarySearch(sorted, v);
        if (i < 0) {
            return sorted;
        }
        int[] out = new int[sorted.length - 1];
        System.arraycopy(sorted, 0, out, 0, i);
        System.arraycopy(sorted, i + 1, out, i, sorted.length - i - 1);
        return out;
    }

    static long micros(Instant t) {
        return t == null ? 0 : t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    /** An ended claim waiting for its history to expire, with where it lives. */
    private record ClosedClaim(ScopedPrefixes<ClaimSet> trie, Binding binding, ClaimSet set, AddressClaim claim) {}

    /** A MAC's owner and the VPC of that interface. */
    private record MacClaim(CatalogEntry owner, long since, int vpc) {}
}
