package io.tapflow.resources.catalog;

import io.tapflow.schema.resource.IpPrefix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tapflow.schema.IpBinding;
import io.tapflow.schema.MacBinding;
import io.tapflow.schema.Resource;
import io.tapflow.schema.ResourceKind;
import io.tapflow.schema.ResourceRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a declarative catalog (YAML or JSON, see docs/enrichment.md and examples/catalog/) into
 * Resource records, validating everything first: the result is either the complete list or a
 * {@link CatalogException} listing every problem, each naming its entry, so nothing is ever
 * half-applied.
 *
 * <p>Entries name only their direct parents (a VM its host, a pod its node and workload); the loader
 * completes the ancestor ids every Resource record carries (VM → host → AZ → region). A catalog
 * file is self-contained: a parent or member it refers to must be defined in the same file.
 */
public final class CatalogLoader {
    /** Attribute recording which catalog source wrote an entry (for --prune). */
    public static final String SOURCE_ATTRIBUTE = "tapflow.source";

    private final List<String> problems = new ArrayList<>();
    private final Map<Long, CatalogEntry> byKey = new LinkedHashMap<>();
    private final List<CatalogEntry> entries = new ArrayList<>();
    private boolean referencesResolved;

    private CatalogLoader() {}

    /** The result of a load: the records and the source name they carry. */
    public record Catalog(String source, List<Resource> resources) {}

    /**
     * Parses and validates {@code file}.
     *
     * @param version version stamped on every record (must grow from one load to the next, e.g. the
     *     load time in milliseconds)
     * @param updatedAt updated_at stamped on every record
     */
    public static Catalog load(Path file, long version, Instant updatedAt) throws IOException, CatalogException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        JsonNode root;
        try {
            root = mapper.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new CatalogException(file.toString(), List.of("not valid " + (name.endsWith(".json") ? "JSON" : "YAML")
                    + ": " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")"));
        }
        String defaultSource = file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        return parse(root, defaultSource, version, updatedAt, file.toString());
    }

    /** As {@link #load} for an already parsed document. */
    public static Catalog parse(JsonNode root, String defaultSource, long version, Instant updatedAt, String origin) throws CatalogException {
        CatalogLoader l = new CatalogLoader();
        if (root == null || !root.isObject()) {
            throw new CatalogException(origin, List.of("the catalog must be a mapping of sections (regions:, vpcs:, vms:, ...)"));
        }
        String source = root.hasNonNull("source") ? root.get("source").asText() : defaultSource;
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals("source")) {
                continue;
            }
            Section section = Section.byName(f.getKey());
            if (section == null) {
                l.problems.add("unknown section '" + f.getKey() + "' (known: source, " + Section.names() + ")");
                continue;
            }
            if (!f.getValue().isArray()) {
                l.problems.add(f.getKey() + ": must be a list");
                continue;
            }
            int i = 0;
            for (JsonNode node : f.getValue()) {
                l.read(section, i++, node);
            }
        }
        l.resolveReferences();
        l.checkAddresses();
        if (!l.problems.isEmpty()) {
            throw new CatalogException(origin, l.problems);
        }
        List<Resource> out = new ArrayList<>();
        for (CatalogEntry e : l.entries) {
            out.add(e.toResource(version, updatedAt, source));
        }
        return new Catalog(source, out);
    }

    // ------------------------------------------------------------------------------------ reading

    private void read(Section section, int index, JsonNode node) {
        String where = section.name + "[" + index + "]";
        if (!node.isObject()) {
            problems.add(where + ": must be a mapping");
            return;
        }
        CatalogEntry e = new CatalogEntry(section, where);
        JsonNode id = node.get("id");
        if (id == null || !id.canConvertToInt() || !id.isIntegralNumber()) {
            problems.add(where + ": 'id' must be an integer, got " + (id == null ? "nothing" : id.toString()));
            return;
        }
        e.id = id.asInt();
        e.name = node.hasNonNull("name") ? node.get("name").asText() : "";
        where = e.describe();
        int max = section.uint16 ? 65535 : Integer.MAX_VALUE;
        if (e.id <= 0 || e.id > max) {
            problems.add(where + ": id must be in 1.." + max + (section.uint16 ? " (its tag column is UInt16)" : ""));
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = f.getKey();
            JsonNode v = f.getValue();
            if (key.equals("id") || key.equals("name")) {
                continue;
            }
            Section parent = Section.byReference(key);
            if (parent != null && section.parents.contains(parent)) {
                if (!v.isIntegralNumber()) {
                    problems.add(where + ": '" + key + "' must be the id (an integer) of an entry of " + parent.name);
                } else {
                    e.parents.put(parent, v.asInt());
                }
                continue;
            }
            switch (key) {
                case "ips", "cidrs" -> readAddresses(e, key, v);
                case "macs" -> readMacs(e, v);
                case "members" -> readMembers(e, v);
                case "attributes" -> readAttributes(e, v);
                case "allow_overlap" -> e.allowOverlap = v.asBoolean();
                case "match" -> readMatch(e, v);
                default -> problems.add(where + ": unknown field '" + key + "' (allowed: id, name, " + section.allowedFields() + ")");
            }
        }
        if ((e.section == Section.GROUPS || e.section == Section.SERVICES) == false && !e.members.isEmpty()) {
            problems.add(where + ": only groups and services have members");
        }
        CatalogEntry previous = byKey.putIfAbsent(key(section.kind, e.id), e);
        if (previous != null) {
            problems.add(where + ": duplicate id " + e.id + " (already used by " + previous.describe() + ")");
            return;
        }
        entries.add(e);
    }

    private void readAddresses(CatalogEntry e, String key, JsonNode v) {
        if (!e.section.addresses) {
            problems.add(e.describe() + ": " + e.section.name + " have no addresses");
            return;
        }
        if (!v.isArray()) {
            problems.add(e.describe() + ": '" + key + "' must be a list");
            return;
        }
        for (JsonNode a : v) {
            String text;
            Integer vpc = null;
            if (a.isObject()) {
                text = a.path("cidr").asText(a.path("ip").asText(""));
                if (a.has("vpc")) {
                    vpc = a.get("vpc").asInt();
                }
            } else {
                text = a.asText();
            }
            try {
                IpPrefix c = IpPrefix.parse(text);
                if (c.hasHostBits()) {
                    problems.add(e.describe() + ": CIDR '" + text + "' has host bits set (did you mean " + c.masked() + "?)");
                    continue;
                }
                e.addresses.add(new Address(c, vpc));
            } catch (IllegalArgumentException ex) {
                problems.add(e.describe() + ": bad address or CIDR '" + text + "': " + ex.getMessage());
            }
        }
    }

    private void readMacs(CatalogEntry e, JsonNode v) {
        if (!e.section.addresses || !v.isArray()) {
            problems.add(e.describe() + ": 'macs' must be a list of MAC addresses (on hosts, VMs, nodes and pods)");
            return;
        }
        for (JsonNode m : v) {
            String text = m.isObject() ? m.path("mac").asText() : m.asText();
            String iface = m.isObject() ? m.path("interface").asText("") : "";
            long mac = parseMac(text);
            if (mac < 0) {
                problems.add(e.describe() + ": bad MAC address '" + text + "' (expected aa:bb:cc:dd:ee:ff)");
            } else {
                e.macs.add(new Mac(mac, iface, m.isObject() && m.has("vpc") ? m.get("vpc").asInt() : 0));
            }
        }
    }

    private void readMembers(CatalogEntry e, JsonNode v) {
        if (!v.isArray()) {
            problems.add(e.describe() + ": 'members' must be a list of {kind, id}");
            return;
        }
        for (JsonNode m : v) {
            Section s = Section.byReference(m.path("kind").asText("").toLowerCase(Locale.ROOT));
            if (s == null || !m.path("id").isIntegralNumber()) {
                problems.add(e.describe() + ": member " + m + " is not {kind: region|az|vpc|subnet|host|vm|cluster|node|namespace|workload|pod|service, id: N}");
                continue;
            }
            e.members.add(new long[] {s.kind.ordinal(), m.get("id").asInt()});
        }
    }

    private void readAttributes(CatalogEntry e, JsonNode v) {
        if (!v.isObject()) {
            problems.add(e.describe() + ": 'attributes' must be a mapping of strings");
            return;
        }
        v.fields().forEachRemaining(a -> e.attributes.put(a.getKey(), a.getValue().asText()));
    }

    /** VPC match rules, written into the attributes the enrichment reads (match.tunnel_ids, ...). */
    private void readMatch(CatalogEntry e, JsonNode v) {
        if (e.section != Section.VPCS || !v.isObject()) {
            problems.add(e.describe() + ": 'match' is a mapping on VPCs only (tunnel_ids, vlans, taps)");
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            List<String> values = new ArrayList<>();
            for (JsonNode x : f.getValue().isArray() ? f.getValue() : List.of(f.getValue())) {
                values.add(x.asText());
            }
            for (String x : values) {
                boolean ok = switch (f.getKey()) {
                    case "tunnel_ids" -> x.matches("\\d{1,10}") && Long.parseLong(x) <= 0xffffffffL;
                    case "vlans" -> x.matches("\\d{1,4}") && Integer.parseInt(x) >= 1 && Integer.parseInt(x) <= 4094;
                    case "taps" -> x.matches("[^/]+/(\\d+|\\*)");
                    default -> false;
                };
                if (!ok) {
                    problems.add(e.describe() + ": match." + f.getKey() + " value '" + x + "' is not valid"
                            + " (tunnel_ids: 0..4294967295, vlans: 1..4094, taps: AGENT/PORT or AGENT/*)");
                }
            }
            e.attributes.put("match." + f.getKey(), String.join(",", values));
        }
    }

    // ------------------------------------------------------------------------------------ checking

    private void resolveReferences() {
        int before = problems.size();
        for (CatalogEntry e : entries) {
            for (Map.Entry<Section, Integer> p : e.parents.entrySet()) {
                if (!byKey.containsKey(key(p.getKey().kind, p.getValue()))) {
                    problems.add(e.describe() + ": " + p.getKey().reference + " " + p.getValue() + " is not defined in " + p.getKey().name);
                }
            }
            for (long[] m : e.members) {
                ResourceKind kind = ResourceKind.values()[(int) m[0]];
                if (!byKey.containsKey(key(kind, (int) m[1]))) {
                    problems.add(e.describe() + ": member " + Section.byKind(kind).reference + " " + m[1] + " is not defined in "
                            + Section.byKind(kind).name);
                }
            }
            for (Address a : e.addresses) {
                if (a.vpc != null && !byKey.containsKey(key(ResourceKind.VPC, a.vpc))) {
                    problems.add(e.describe() + ": address " + a.cidr + " names vpc " + a.vpc + ", which is not defined in vpcs");
                }
            }
        }
        if (problems.size() > before) {
            return; // ancestors cannot be completed through missing parents
        }
        for (CatalogEntry e : entries) {
            e.ancestors = closure(e, new TreeSet<>());
        }
        referencesResolved = problems.size() == before;
    }

    /** Every ancestor id of an entry, following direct parents transitively (a cycle is reported). */
    private Map<Section, Integer> closure(CatalogEntry e, Set<String> visiting) {
        if (e.ancestors != null) {
            return e.ancestors;
        }
        Map<Section, Integer> all = new TreeMap<>(e.parents);
        if (!visiting.add(e.describe())) {
            problems.add(e.describe() + ": its parent references form a cycle");
            return all;
        }
        for (Map.Entry<Section, Integer> p : e.parents.entrySet()) {
            CatalogEntry parent = byKey.get(key(p.getKey().kind, p.getValue()));
            for (Map.Entry<Section, Integer> a : closure(parent, visiting).entrySet()) {
                Integer mine = all.putIfAbsent(a.getKey(), a.getValue());
                if (mine != null && !mine.equals(a.getValue())) {
                    problems.add(e.describe() + ": " + a.getKey().reference + " " + mine + " contradicts " + parent.describe()
                            + ", which is in " + a.getKey().reference + " " + a.getValue());
                }
            }
        }
        visiting.remove(e.describe());
        e.ancestors = all;
        return all;
    }

    /**
     * Every address needs a VPC; subnets of one VPC must not overlap (unless allow_overlap); two
     * entries must not claim the same address in one VPC; a device address must lie in its subnet.
     */
    private void checkAddresses() {
        if (!referencesResolved) {
            return;
        }
        Map<String, CatalogEntry> exact = new TreeMap<>();
        List<Object[]> subnets = new ArrayList<>(); // {vpc, cidr, entry}
        for (CatalogEntry e : entries) {
            if (e.section == Section.GROUPS) {
                continue; // group ranges may overlap anything: membership is not ownership
            }
            for (Address a : e.addresses) {
                int vpc = e.vpcOf(a);
                if (vpc == 0) {
                    problems.add(e.describe() + ": address " + a.cidr + " has no VPC (give the entry a vpc, subnet or cluster, or the address a vpc)");
                    continue;
                }
                if (e.section == Section.SUBNETS) {
                    for (Object[] s : subnets) {
                        CatalogEntry other = (CatalogEntry) s[2];
                        if ((int) s[0] == vpc && ((IpPrefix) s[1]).overlaps(a.cidr) && !(e.allowOverlap && other.allowOverlap)) {
                            problems.add(e.describe() + ": CIDR " + a.cidr + " overlaps " + s[1] + " of " + other.describe()
                                    + " in vpc " + vpc + " (set allow_overlap: true on both to permit)");
                        }
                    }
                    subnets.add(new Object[] {vpc, a.cidr, e});
                    continue;
                }
                CatalogEntry owner = exact.putIfAbsent(vpc + "|" + a.cidr, e);
                if (owner != null && owner != e) {
                    problems.add(e.describe() + ": address " + a.cidr + " in vpc " + vpc + " is already bound to " + owner.describe());
                }
                Integer subnetId = e.ancestors.get(Section.SUBNETS);
                if (subnetId != null) {
                    CatalogEntry subnet = byKey.get(key(ResourceKind.SUBNET, subnetId));
                    // only ranges of the address's family can contain it (an IPv4 subnet says nothing of IPv6)
                    List<Address> ranges = subnet.addresses.stream().filter(s -> s.cidr.ipv6() == a.cidr.ipv6()).toList();
                    boolean inside = ranges.isEmpty() || ranges.stream().anyMatch(s -> subnet.vpcOf(s) == vpc && s.cidr.contains(a.cidr));
                    if (!inside) {
                        problems.add(e.describe() + ": address " + a.cidr + " is outside its subnet " + subnet.describe());
                    }
                }
            }
        }
    }

    static long parseMac(String text) {
        String hex = text.replace(":", "").replace("-", "");
        if (hex.length() != 12 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                || !(text.length() == 12 || text.length() == 17)) {
            return -1;
        }
        return Long.parseLong(hex, 16);
    }

    static long key(ResourceKind kind, int id) {
        return ((long) kind.ordinal() << 32) | (id & 0xffffffffL);
    }

    // ------------------------------------------------------------------------------------ model

    private record Address(IpPrefix cidr, Integer vpc) {}

    private record Mac(long mac, String iface, int vpc) {}

    /** One entry of the file while it is checked. */
    private static final class CatalogEntry {
        final Section section;
        final String position;
        int id;
        String name = "";
        final Map<Section, Integer> parents = new TreeMap<>();
        Map<Section, Integer> ancestors;
        final List<Address> addresses = new ArrayList<>();
        final List<Mac> macs = new ArrayList<>();
        final List<long[]> members = new ArrayList<>();
        final Map<String, String> attributes = new TreeMap<>();
        boolean allowOverlap;

        CatalogEntry(Section section, String position) {
            this.section = section;
            this.position = position;
        }

        String describe() {
            return position + " (" + section.reference + " " + id + (name.isEmpty() ? "" : " '" + name + "'") + ")";
        }

        int vpcOf(Address a) {
            if (a.vpc != null) {
                return a.vpc;
            }
            if (section == Section.VPCS) {
                return id;
            }
            return ancestors.getOrDefault(Section.VPCS, 0);
        }

        Resource toResource(long version, Instant updatedAt, String source) {
            Map<String, String> attrs = new TreeMap<>(attributes);
            attrs.put(SOURCE_ATTRIBUTE, source);
            Resource.Builder b = Resource.newBuilder().setKind(section.kind).setId(id).setName(name)
                    .setVersion(version).setUpdatedAt(updatedAt).setDeleted(false).setAttributes(new LinkedHashMap<>(attrs));
            int own = id;
            b.setRegionId(section == Section.REGIONS ? own : ancestors.getOrDefault(Section.REGIONS, 0));
            b.setAzId(section == Section.AZS ? own : ancestors.getOrDefault(Section.AZS, 0));
            b.setL3EpcId(section == Section.VPCS ? own : ancestors.getOrDefault(Section.VPCS, 0));
            b.setSubnetId(section == Section.SUBNETS ? own : ancestors.getOrDefault(Section.SUBNETS, 0));
            b.setHostId(section == Section.HOSTS ? own : ancestors.getOrDefault(Section.HOSTS, 0));
            b.setVmId(section == Section.VMS ? own : ancestors.getOrDefault(Section.VMS, 0));
            b.setPodClusterId(section == Section.CLUSTERS ? own : ancestors.getOrDefault(Section.CLUSTERS, 0));
            b.setPodNodeId(section == Section.NODES ? own : ancestors.getOrDefault(Section.NODES, 0));
            b.setPodNsId(section == Section.NAMESPACES ? own : ancestors.getOrDefault(Section.NAMESPACES, 0));
            b.setPodGroupId(section == Section.WORKLOADS ? own : ancestors.getOrDefault(Section.WORKLOADS, 0));
            List<Integer> services = new ArrayList<>();
            b.setServiceIds(services);
            List<IpBinding> ips = new ArrayList<>();
            for (Address a : addresses) {
                ips.add(IpBinding.newBuilder().setL3EpcId(a.vpc == null ? 0 : a.vpc)
                        .setIp(ByteBuffer.wrap(a.cidr.addressBytes())).setPrefixLength(a.cidr.length()).build());
            }
            b.setIpBindings(ips);
            List<MacBinding> macBindings = new ArrayList<>();
            for (Mac m : macs) {
                macBindings.add(MacBinding.newBuilder().setMac(m.mac).setL3EpcId(m.vpc).setSubnetId(0).setInterfaceName(m.iface).build());
            }
            b.setMacBindings(macBindings);
            List<ResourceRef> refs = new ArrayList<>();
            for (long[] m : members) {
                refs.add(ResourceRef.newBuilder().setKind(ResourceKind.values()[(int) m[0]]).setId((int) m[1]).build());
            }
            b.setMembers(refs);
            return b.build();
        }
    }
}
