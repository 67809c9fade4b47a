package io.tapflow.metrics;

import java.util.Objects;

/**
 * The tag set of a metric row: the shuffle key of the rollup and, with the bucket, the identity of
 * a row. Single-side rows ({@link #NETWORK}, {@link #APPLICATION}) carry one address (the observed
 * side, {@link #role} says which) and its resource tags in {@link #tags0}; edge rows
 * ({@link #NETWORK_MAP}, {@link #APPLICATION_MAP}) carry the client in {@code *0} and the server in {@code *1}. Addresses are two longs each (IPv4: the
 * unsigned 32-bit value in {@code lo}; IPv6: the 16 bytes big-endian), so the key holds no arrays
 * and hashes cheaply. A Flink POJO; hashCode is deterministic across JVMs, as keyBy requires, and
 * cached in {@link #hash}: set every field before the first hashCode() and never change them after.
 */
public class MetricKey {
    /** Single-side network metrics: flow_metrics.network_1s / _1m. */
    public static final int NETWORK = 0;
    /** Edge network metrics: flow_metrics.network_map_1s / _1m. */
    public static final int NETWORK_MAP = 1;
    /** Single-side application metrics: flow_metrics.application_1s / _1m. */
    public static final int APPLICATION = 2;
    /** Edge application metrics: flow_metrics.application_map_1s / _1m. */
    public static final int APPLICATION_MAP = 3;
    public static final int ROLE_CLIENT = 0;
    public static final int ROLE_SERVER = 1;

    public int family;
    /** Single-side rows: 0 = the address is the flows' client, 1 = their server. Edge rows: 0. */
    public int role;
    public String agentId = "";
    public int tapType;
    public long tapPort;
    public String tapSide = "";
    public int isIpv4;
    public long ip0Hi;
    public long ip0Lo;
    public long ip1Hi;
    public long ip1Lo;
    public int protocol;
    public int serverPort;
    /** Application protocol (L7Protocol codes) of the application families; 0 in the network ones. */
    public int l7Protocol;
    /** Resource tags of the address (single-side rows) or of the client (edge rows). */
    public ResourceTags tags0;
    /** Resource tags of the server (edge rows); null in single-side rows. */
    public ResourceTags tags1;
    /**
     * The hash, computed once when the key is made and carried through serialization: the shuffle
     * and the window state hash every key they receive, and re-hashing the strings of a freshly
     * deserialized key cost more than the reduce itself. 0 = not computed yet.
     */
    public int hash;

    public MetricKey() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof MetricKey k && (hash == 0 || k.hash == 0 || hash == k.hash) && family == k.family && role == k.role && tapType == k.tapType && tapPort == k.tapPort
                && isIpv4 == k.isIpv4 && ip0Hi == k.ip0Hi && ip0Lo == k.ip0Lo && ip1Hi == k.ip1Hi && ip1Lo == k.ip1Lo
                && protocol == k.protocol && serverPort == k.serverPort && l7Protocol == k.l7Protocol && Objects.equals(agentId, k.agentId)
                && Objects.equals(tapSide, k.tapSide) && Objects.equals(tags0, k.tags0) && Objects.equals(tags1, k.tags1);
    }

    @Override
    public int hashCode() {
        if (hash == 0) {
            int h = 31 * family + role;
            h = 31 * h + Objects.hashCode(agentId);
            h = 31 * h + tapType;
            h = 31 * h + Long.hashCode(tapPort);
            h = 31 * h + Objects.hashCode(tapSide);
            h = 31 * h + isIpv4;
            h = 31 * h + Long.hashCode(ip0Hi);
            h = 31 * h + Long.hashCode(ip0Lo);
            h = 31 * h + Long.hashCode(ip1Hi);
            h = 31 * h + Long.hashCode(ip1Lo);
            h = 31 * h + protocol;
            h = 31 * h + serverPort;
            h = 31 * h + l7Protocol;
            h = 31 * h + Objects.hashCode(tags0);
            h = 31 * h + Objects.hashCode(tags1);
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    @Override
    public String toString() {
        return "family " + family + " role " + role + " l7 " + l7Protocol + " agent " + agentId + " ip0 " + Long.toHexString(ip0Hi)
                + ":" + Long.toHexString(ip0Lo) + " ip1 " + Long.toHexString(ip1Hi) + ":" + Long.toHexString(ip1Lo)
                + " proto " + protocol + " port " + serverPort;
    }
}
