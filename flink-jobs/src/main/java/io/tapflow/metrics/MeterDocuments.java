package io.tapflow.metrics;

import io.tapflow.flow.FlowMeter;
import java.util.function.Consumer;

/**
 * The map step: one flow-second becomes one document per family it belongs to: the client's
 * single-side row (role 0, peer = server), the server's single-side row (role 1, peer = client)
 * and the edge row (client → server); and the same three for the application families when the
 * flow has an application protocol and the second has application activity. Plain Java, for the
 * Flink operator, tests and benchmarks.
 */
public final class MeterDocuments {
    private MeterDocuments() {}

    /** Writes the three documents of {@code m} to {@code out}. */
    public static void map(EnrichedMeter em, Consumer<MetricDoc> out) {
        FlowMeter m = em.meter;
        int isIpv4 = m.ipVersion == 6 ? 0 : 1;
        long cHi = hi(m.ipClient);
        long cLo = lo(m.ipClient);
        long sHi = hi(m.ipServer);
        long sLo = lo(m.ipServer);
        out.accept(doc(m, em, key(m, em, MetricKey.NETWORK, MetricKey.ROLE_CLIENT, isIpv4, cHi, cLo, 0, 0, em.client, null), sHi, sLo));
        out.accept(doc(m, em, key(m, em, MetricKey.NETWORK, MetricKey.ROLE_SERVER, isIpv4, sHi, sLo, 0, 0, em.server, null), cHi, cLo));
        out.accept(doc(m, em, key(m, em, MetricKey.NETWORK_MAP, 0, isIpv4, cHi, cLo, sHi, sLo, em.client, em.server), 0, 0));
        if (em.l7Protocol != 0 && em.l7 != null && !em.l7.isEmpty()) {
            out.accept(application(m, em, key(m, em, MetricKey.APPLICATION, MetricKey.ROLE_CLIENT, isIpv4, cHi, cLo, 0, 0, em.client, null)));
            out.accept(application(m, em, key(m, em, MetricKey.APPLICATION, MetricKey.ROLE_SERVER, isIpv4, sHi, sLo, 0, 0, em.server, null)));
            out.accept(application(m, em, key(m, em, MetricKey.APPLICATION_MAP, 0, isIpv4, cHi, cLo, sHi, sLo, em.client, em.server)));
        }
    }

    private static MetricDoc application(FlowMeter m, EnrichedMeter em, MetricKey key) {
        MetricDoc d = new MetricDoc();
        d.key = key;
        d.timeSec = m.timeSec;
        d.l7 = em.l7;
        return d;
    }

    private static MetricKey key(FlowMeter m, EnrichedMeter em, int family, int role, int isIpv4,
                                 long ip0Hi, long ip0Lo, long ip1Hi, long ip1Lo, ResourceTags tags0, ResourceTags tags1) {
        MetricKey k = new MetricKey();
        k.family = family;
        k.role = role;
        k.agentId = m.agentId == null ? "" : m.agentId;
        k.tapType = m.tapType;
        k.tapPort = m.tapPort;
        k.tapSide = em.tapSide == null ? "" : em.tapSide;
        k.isIpv4 = isIpv4;
        k.ip0Hi = ip0Hi;
        k.ip0Lo = ip0Lo;
        k.ip1Hi = ip1Hi;
        k.ip1Lo = ip1Lo;
        k.protocol = m.protocol;
        k.serverPort = m.serverPort;
        k.l7Protocol = family >= MetricKey.APPLICATION ? em.l7Protocol : 0;
        k.tags0 = tags0;
        k.tags1 = tags1;
        k.hashCode();
        return k;
    }

    private static MetricDoc doc(FlowMeter m, EnrichedMeter em, MetricKey key, long peerHi, long peerLo) {
        MetricDoc d = new MetricDoc();
        d.key = key;
        d.timeSec = m.timeSec;
        d.peerHi = peerHi;
        d.peerLo = peerLo;
        d.newFlow = m.newFlow;
        d.closed = m.closed;
        d.closeType = m.closeType;
        d.active = m.aliveAtMinuteStart != 0 || m.counters.packets[0] + m.counters.packets[1] > 0 ? 1 : 0;
        d.counters = m.counters;
        return d;
    }

    /** High 8 bytes of an IPv6 address; 0 for IPv4 (and for a missing address). */
    static long hi(byte[] ip) {
        return ip != null && ip.length == 16 ? bigEndian(ip, 0) : 0;
    }

    /** Low 8 bytes of an IPv6 address, or the unsigned IPv4 value. */
    static long lo(byte[] ip) {
        if (ip == null) {
            return 0;
        }
        if (ip.length == 16) {
            return bigEndian(ip, 8);
        }
        long v = 0;
        for (byte b : ip) {
            v = v << 8 | (b & 0xFF);
        }
        return v;
    }

    private static long bigEndian(byte[] b, int at) {
        long v = 0;
        for (int i = at; i < at + 8; i++) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }
}
