package io.tapflow.enrich;

import java.util.HashMap;
import java.util.Map;

/**
 * Which VPC a capture point, VLAN or tunnel id belongs to, as declared by VPC entries of the
 * catalog through their attributes (so the mapping travels with the catalog and changes without a
 * restart):
 * <ul>
 *   <li>{@code match.tunnel_ids}: comma-separated VNIs / GRE keys, e.g. {@code "5001,5002"}</li>
 *   <li>{@code match.vlans}: comma-separated VLAN ids, e.g. {@code "100,101"}</li>
 *   <li>{@code match.taps}: comma-separated {@code agent/tap_port} pairs, {@code agent/*} for every
 *       port of an agent, e.g. {@code "node-1/0,mirror-2/*"}</li>
 * </ul>
 * Immutable; rebuilt when a VPC entry changes. Malformed values are skipped (the catalog loader
 * rejects them before they get here).
 */
final class VpcMatchTable {
    static final String TUNNEL_IDS = "match.tunnel_ids";
    static final String VLANS = "match.vlans";
    static final String TAPS = "match.taps";
    static final long ANY_PORT = -1;

    static final VpcMatchTable EMPTY = new VpcMatchTable();

    private final LongObjectMap<Integer> tunnels = new LongObjectMap<>();
    private final LongObjectMap<Integer> vlans = new LongObjectMap<>();
    private final Map<String, LongObjectMap<Integer>> taps = new HashMap<>();

    static VpcMatchTable of(Iterable<CatalogEntry> vpcEntries) {
        VpcMatchTable t = new VpcMatchTable();
        for (CatalogEntry e : vpcEntries) {
            Map<String, String> a = e.record.getAttributes();
            Integer vpc = e.id;
            for (String v : list(a.get(TUNNEL_IDS))) {
                parse(v).ifPresent(id -> t.tunnels.put(id, vpc));
            }
            for (String v : list(a.get(VLANS))) {
                parse(v).ifPresent(id -> t.vlans.put(id, vpc));
            }
            for (String v : list(a.get(TAPS))) {
                int slash = v.lastIndexOf('/');
                if (slash <= 0) {
                    continue;
                }
                String port = v.substring(slash + 1);
                java.util.OptionalLong p = port.equals("*") ? java.util.OptionalLong.of(ANY_PORT) : parse(port);
                p.ifPresent(n -> t.taps.computeIfAbsent(v.substring(0, slash), k -> new LongObjectMap<>()).put(n, vpc));
            }
        }
        return t;
    }

    int tunnel(long id) {
        Integer v = tunnels.get(id);
        return v == null ? 0 : v;
    }

    int vlan(int vlan) {
        Integer v = vlans.get(vlan);
        return v == null ? 0 : v;
    }

    int tap(String agent, long port) {
        LongObjectMap<Integer> ports = agent == null ? null : taps.get(agent);
        if (ports == null) {
            return 0;
        }
        Integer v = ports.get(port);
        if (v == null) {
            v = ports.get(ANY_PORT);
        }
        return v == null ? 0 : v;
    }

    private static String[] list(String csv) {
        return csv == null || csv.isBlank() ? new String[0] : csv.trim().split("\\s*,\\s*");
    }

    private static java.util.OptionalLong parse(String s) {
        try {
            return java.util.OptionalLong.of(Long.parseLong(s.trim()));
        } catch (NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }
}
