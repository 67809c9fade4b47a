package io.tapflow.enrich;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides the VPC each side of a flow lives in, from its {@link FlowContext}, by the configured
 * strategies in order: a static map of the config first, then the catalog's VPC attributes. MAC is
 * per side (each MAC belongs to its own interface); the others apply to both sides. No answer gives
 * the config's default VPC (0 = let the address decide, see {@link ResourceIndex#lookupV4}).
 */
public final class VpcResolver {
    private final ResourceIndex index;
    private final VpcStrategy[] order;
    private final int defaultVpc;
    private final LongObjectMap<Integer> vlans = new LongObjectMap<>();
    private final LongObjectMap<Integer> tunnels = new LongObjectMap<>();
    private final Map<String, LongObjectMap<Integer>> taps = new HashMap<>();

    public VpcResolver(ResourceIndex index, EnrichmentConfig config) {
        this.index = index;
        List<VpcStrategy> s = config.strategies();
        this.order = s.toArray(new VpcStrategy[0]);
        this.defaultVpc = config.defaultVpc();
        config.vlanVpcs().forEach((vlan, vpc) -> vlans.put(vlan, vpc));
        config.tunnelVpcs().forEach((id, vpc) -> tunnels.put(id, vpc));
        config.tapVpcs().forEach((tap, vpc) -> {
            int slash = tap.lastIndexOf('/');
            String port = tap.substring(slash + 1);
            long p = port.equals("*") ? VpcMatchTable.ANY_PORT : Long.parseLong(port);
            taps.computeIfAbsent(tap.substring(0, slash), k -> new LongObjectMap<>()).put(p, vpc);
        });
    }

    /** VPC of the client ({@code server} false) or server side. */
    public int resolve(FlowContext ctx, boolean server) {
        for (VpcStrategy s : order) {
            int vpc = switch (s) {
                case TUNNEL -> ctx.tunnelId == 0 ? 0 : or(tunnels.get(ctx.tunnelId), index.vpcForTunnel(ctx.tunnelId));
                case VLAN -> ctx.vlan == 0 ? 0 : or(vlans.get(ctx.vlan), index.vpcForVlan(ctx.vlan));
                case TAP -> ctx.agentId == null ? 0 : or(tap(ctx.agentId, ctx.tapPort), index.vpcForTap(ctx.agentId, ctx.tapPort));
                case MAC -> index.interfaceVpc(server ? ctx.serverMac : ctx.clientMac);
            };
            if (vpc != 0) {
                return vpc;
            }
        }
        return defaultVpc;
    }

    private Integer tap(String agent, long port) {
        LongObjectMap<Integer> ports = taps.get(agent);
        if (ports == null) {
            return null;
        }
        Integer v = ports.get(port);
        return v != null ? v : ports.get(VpcMatchTable.ANY_PORT);
    }

    private static int or(Integer fromConfig, int fromCatalog) {
        return fromConfig != null ? fromConfig : fromCatalog;
    }
}
