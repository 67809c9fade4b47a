package io.tapflow.metrics;

import io.tapflow.schema.ApplicationMapMetrics;
import io.tapflow.schema.ApplicationMetrics;
import io.tapflow.schema.NetworkMapMetrics;
import io.tapflow.schema.NetworkMetrics;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Rows as the published Avro records (the Kafka values and the ClickHouse rows). Records are built
 * with the no-arg constructor and positional puts (positions looked up once per schema): the Avro
 * builder deep-copies every default of these 35–80-column records.
 */
public final class MetricRecords {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();
    private static final List<String> TAGS = List.of("region_id", "az_id", "host_id", "l3_device_type", "l3_device_id", "pod_cluster_id",
            "pod_node_id", "pod_ns_id", "pod_group_id", "pod_id", "service_id", "l3_epc_id", "subnet_id");
    private static final Layout NETWORK = new Layout(NetworkMetrics.getClassSchema(), false, MetricColumns.SUMS, MetricColumns.MAXES);
    private static final Layout NETWORK_MAP = new Layout(NetworkMapMetrics.getClassSchema(), true, MetricColumns.SUMS, MetricColumns.MAXES);
    private static final Layout APPLICATION = new Layout(ApplicationMetrics.getClassSchema(), false,
            MetricColumns.APPLICATION_SUMS, MetricColumns.APPLICATION_MAXES);
    private static final Layout APPLICATION_MAP = new Layout(ApplicationMapMetrics.getClassSchema(), true,
            MetricColumns.APPLICATION_SUMS, MetricColumns.APPLICATION_MAXES);

    private MetricRecords() {}

    public static NetworkMetrics network(MetricPartial p) {
        return NETWORK.fill(new NetworkMetrics(), p);
    }

    public static NetworkMapMetrics networkMap(MetricPartial p) {
        return NETWORK_MAP.fill(new NetworkMapMetrics(), p);
    }

    public static ApplicationMetrics application(MetricPartial p) {
        return APPLICATION.fill(new ApplicationMetrics(), p);
    }

    public static ApplicationMapMetrics applicationMap(MetricPartial p) {
        return APPLICATION_MAP.fill(new ApplicationMapMetrics(), p);
    }

    /** Where a family's columns are in its record. */
    private static final class Layout {
        private final boolean edge;
        private final int time, period, agentId, tapType, tapPort, tapSide, isIpv4, ip40, ip41, ip60, ip61, role, protocol, serverPort,
                l7Protocol, flowLoad;
        private final int[] tags0, tags1, sums, maxes;

        Layout(Schema s, boolean edge, List<String> sums, List<String> maxes) {
            this.edge = edge;
            time = pos(s, "time");
            period = pos(s, "period");
            agentId = pos(s, "agent_id");
            tapType = pos(s, "tap_type");
            tapPort = pos(s, "tap_port");
            tapSide = pos(s, "tap_side");
            isIpv4 = pos(s, "is_ipv4");
            ip40 = pos(s, edge ? "ip4_0" : "ip4");
            ip60 = pos(s, edge ? "ip6_0" : "ip6");
            ip41 = edge ? pos(s, "ip4_1") : -1;
            ip61 = edge ? pos(s, "ip6_1") : -1;
            role = edge ? -1 : pos(s, "role");
            protocol = pos(s, "protocol");
            serverPort = pos(s, "server_port");
            l7Protocol = s.getField("l7_protocol") == null ? -1 : pos(s, "l7_protocol");
            flowLoad = s.getField(MetricColumns.FLOW_LOAD) == null ? -1 : pos(s, MetricColumns.FLOW_LOAD);
            tags0 = TAGS.stream().mapToInt(t -> pos(s, edge ? t + "_0" : t)).toArray();
            tags1 = edge ? TAGS.stream().mapToInt(t -> pos(s, t + "_1")).toArray() : null;
            this.sums = sums.stream().mapToInt(c -> pos(s, c)).toArray();
            this.maxes = maxes.stream().mapToInt(c -> pos(s, c)).toArray();
        }

        <R extends SpecificRecordBase> R fill(R r, MetricPartial p) {
            MetricKey k = p.key;
            boolean v4 = k.isIpv4 == 1;
            r.put(time, p.timeSec);
            r.put(period, p.period);
            r.put(agentId, k.agentId);
            r.put(tapType, k.tapType);
            r.put(tapPort, k.tapPort);
            r.put(tapSide, k.tapSide);
            r.put(isIpv4, k.isIpv4);
            r.put(ip40, v4 ? k.ip0Lo : 0L);
            r.put(ip60, v4 ? EMPTY : ipv6(k.ip0Hi, k.ip0Lo));
            if (edge) {
                r.put(ip41, v4 ? k.ip1Lo : 0L);
                r.put(ip61, v4 ? EMPTY : ipv6(k.ip1Hi, k.ip1Lo));
            } else {
                r.put(role, k.role);
            }
            r.put(protocol, k.protocol);
            r.put(serverPort, k.serverPort);
            if (l7Protocol >= 0) {
                r.put(l7Protocol, k.l7Protocol);
            }
            tags(r, tags0, k.tags0);
            if (edge) {
                tags(r, tags1, k.tags1);
            }
            for (int i = 0; i < sums.length; i++) {
                r.put(sums[i], p.sums[i]);
            }
            for (int i = 0; i < maxes.length; i++) {
                r.put(maxes[i], p.maxes[i]);
            }
            if (flowLoad >= 0) {
                r.put(flowLoad, p.flowLoad);
            }
            return r;
        }

        private static void tags(SpecificRecordBase r, int[] at, ResourceTags t) {
            ResourceTags v = t == null ? EnrichedMeter.UNKNOWN : t;
            int[] values = {v.regionId, v.azId, v.hostId, v.l3DeviceType, v.l3DeviceId, v.podClusterId, v.podNodeId, v.podNsId,
                    v.podGroupId, v.podId, v.serviceId, v.l3EpcId, v.subnetId};
            for (int i = 0; i < at.length; i++) {
                r.put(at[i], values[i]);
            }
        }

        private static int pos(Schema s, String name) {
            Schema.Field f = s.getField(name);
            if (f == null) {
                throw new IllegalStateException(s.getName() + " has no column " + name);
            }
            return f.pos();
        }
    }

    private static ByteBuffer ipv6(long hi, long lo) {
        return ByteBuffer.allocate(16).putLong(hi).putLong(lo).flip();
    }
}
