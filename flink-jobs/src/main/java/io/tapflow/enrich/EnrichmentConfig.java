package io.tapflow.enrich;

import io.tapflow.jobs.Durations;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How flows are joined with the catalog. Immutable; build with {@link #builder()}. Defaults:
 * <ul>
 *   <li>VPC strategies TUNNEL, VLAN, TAP, MAC, in that order (first answer wins); each consults the
 *       static maps below, then the catalog's VPC attributes ({@code match.*})</li>
 *   <li>no static tap / VLAN / tunnel maps; default VPC 0 = the address decides when no strategy
 *       answers (right for single-VPC and non-overlapping catalogs)</li>
 *   <li>history retention 10 min: how long an address remembers its previous owner for late records</li>
 *   <li>catalog wait 30 s: at a fresh start, flow records are held until the resource stream says
 *       the catalog is loaded, or this long at most; 0 = never hold</li>
 *   <li>at most 100 000 records held while waiting (older ones go out untagged beyond that)</li>
 * </ul>
 */
public final class EnrichmentConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Options for {@link #fromOptions}, with their defaults, for a job's usage text. */
    public static final String USAGE = """
              --enrich-vpc-strategies LIST  tunnel,vlan,tap,mac (order = priority) [tunnel,vlan,tap,mac]
              --enrich-default-vpc ID       VPC when no strategy answers; 0 = by address [0]
              --enrich-tap-vpcs LIST        agent/port=vpc,... (port * = any) []
              --enrich-vlan-vpcs LIST       vlan=vpc,... []
              --enrich-tunnel-vpcs LIST     vni=vpc,... []
              --enrich-history DURATION     previous owners kept for late records [10m]
              --enrich-catalog-wait DURATION hold records at start until the catalog is loaded [0s = off]
            """;

    private final List<VpcStrategy> strategies;
    private final Map<String, Integer> tapVpcs;
    private final Map<Integer, Integer> vlanVpcs;
    private final Map<Long, Integer> tunnelVpcs;
    private final int defaultVpc;
    private final Duration historyRetention;
    private final Duration catalogWait;
    private final int maxHeldRecords;

    private EnrichmentConfig(Builder b) {
        this.strategies = List.copyOf(b.strategies);
        this.tapVpcs = Map.copyOf(b.tapVpcs);
        this.vlanVpcs = Map.copyOf(b.vlanVpcs);
        this.tunnelVpcs = Map.copyOf(b.tunnelVpcs);
        this.defaultVpc = b.defaultVpc;
        this.historyRetention = b.historyRetention;
        this.catalogWait = b.catalogWait;
        this.maxHeldRecords = b.maxHeldRecords;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static EnrichmentConfig defaults() {
        return builder().build();
    }

    /**
     * Reads the {@code enrich-*} options of {@link #USAGE} through {@code get} (option name without
     * dashes → value, or null when not given).
     */
    public static EnrichmentConfig fromOptions(Function<String, String> get) {
        Builder b = builder();
        String s = get.apply("enrich-vpc-strategies");
        if (s != null) {
            List<VpcStrategy> list = new ArrayList<>();
            for (String name : csv(s)) {
                try {
                    list.add(VpcStrategy.valueOf(name.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--enrich-vpc-strategies: '" + name + "' is not one of tunnel, vlan, tap, mac");
                }
            }
            b.strategies(list);
        }
        s = get.apply("enrich-default-vpc");
        if (s != null) {
            b.defaultVpc(integer("--enrich-default-vpc", s));
        }
        s = get.apply("enrich-tap-vpcs");
        if (s != null) {
            for (String[] kv : pairs("--enrich-tap-vpcs", s)) {
                b.tapVpc(kv[0], integer("--enrich-tap-vpcs", kv[1]));
            }
        }
        s = get.apply("enrich-vlan-vpcs");
        if (s != null) {
            for (String[] kv : pairs("--enrich-vlan-vpcs", s)) {
                b.vlanVpc(integer("--enrich-vlan-vpcs", kv[0]), integer("--enrich-vlan-vpcs", kv[1]));
            }
        }
        s = get.apply("enrich-tunnel-vpcs");
        if (s != null) {
            for (String[] kv : pairs("--enrich-tunnel-vpcs", s)) {
                b.tunnelVpc(integer("--enrich-tunnel-vpcs", kv[0]), integer("--enrich-tunnel-vpcs", kv[1]));
            }
        }
        s = get.apply("enrich-history");
        if (s != null) {
            b.historyRetention(Durations.parse("--enrich-history", s));
        }
        s = get.apply("enrich-catalog-wait");
        if (s != null) {
            b.catalogWait(Durations.parse("--enrich-catalog-wait", s));
        }
        return b.build();
    }

    public List<VpcStrategy> strategies() {
        return strategies;
    }

    public Map<String, Integer> tapVpcs() {
        return tapVpcs;
    }

    public Map<Integer, Integer> vlanVpcs() {
        return vlanVpcs;
    }

    public Map<Long, Integer> tunnelVpcs() {
        return tunnelVpcs;
    }

    public int defaultVpc() {
        return defaultVpc;
    }

    public Duration historyRetention() {
        return historyRetention;
    }

    public Duration catalogWait() {
        return catalogWait;
    }

    public int maxHeldRecords() {
        return maxHeldRecords;
    }

    private static List<String> csv(String s) {
        List<String> out = new ArrayList<>();
        for (String p : s.split(",")) {
            if (!p.isBlank()) {
                out.add(p.trim());
            }
        }
        return out;
    }

    private static List<String[]> pairs(String option, String s) {
        List<String[]> out = new ArrayList<>();
        for (String p : csv(s)) {
            int eq = p.lastIndexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new IllegalArgumentException(option + ": '" + p + "' is not KEY=VPC");
            }
            out.add(new String[] {p.substring(0, eq).trim(), p.substring(eq + 1).trim()});
        }
        return out;
    }

    private static int integer(String option, String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + s + "' is not an integer");
        }
    }

    /** Builder with the defaults listed on {@link EnrichmentConfig}. */
    public static final class Builder {
        private List<VpcStrategy> strategies = List.of(VpcStrategy.TUNNEL, VpcStrategy.VLAN, VpcStrategy.TAP, VpcStrategy.MAC);
        private final Map<String, Integer> tapVpcs = new HashMap<>();
        private final Map<Integer, Integer> vlanVpcs = new HashMap<>();
        private final Map<Long, Integer> tunnelVpcs = new HashMap<>();
        private int defaultVpc;
        private Duration historyRetention = Duration.ofMinutes(10);
        // Off by default: held records are released only by the catalog's end marker (never sent for an
        // empty topic) or by the next record after the wait, so a quiet or draining input would keep them.
        private Duration catalogWait = Duration.ZERO;
        private int maxHeldRecords = 100_000;

        public Builder strategies(List<VpcStrategy> order) {
            this.strategies = List.copyOf(order);
            return this;
        }

        /** Capture point {@code agent/port} (port {@code *} = every port of the agent) belongs to {@code vpc}. */
        public Builder tapVpc(String agentSlashPort, int vpc) {
            int slash = agentSlashPort.lastIndexOf('/');
            if (slash <= 0 || slash == agentSlashPort.length() - 1) {
                throw new IllegalArgumentException("tap '" + agentSlashPort + "' is not AGENT/PORT (PORT a number or *)");
            }
            String port = agentSlashPort.substring(slash + 1);
            if (!port.equals("*")) {
                try {
                    Long.parseLong(port);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("tap '" + agentSlashPort + "': port '" + port + "' is not a number or *");
                }
            }
            tapVpcs.put(agentSlashPort, vpc);
            return this;
        }

        public Builder vlanVpc(int vlan, int vpc) {
            vlanVpcs.put(vlan, vpc);
            return this;
        }

        public Builder tunnelVpc(long tunnelId, int vpc) {
            tunnelVpcs.put(tunnelId, vpc);
            return this;
        }

        public Builder defaultVpc(int vpc) {
            this.defaultVpc = vpc;
            return this;
        }

        public Builder historyRetention(Duration d) {
            this.historyRetention = Objects.requireNonNull(d);
            return this;
        }

        public Builder catalogWait(Duration d) {
            this.catalogWait = Objects.requireNonNull(d);
            return this;
        }

        public Builder maxHeldRecords(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxHeldRecords < 0");
            }
            this.maxHeldRecords = n;
            return this;
        }

        public EnrichmentConfig build() {
            return new EnrichmentConfig(this);
        }
    }
}
