package io.tapflow.metrics;

import io.tapflow.schema.NetworkMapMetrics;
import io.tapflow.schema.NetworkMetrics;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Window rows as the published Avro records (the Kafka values and the ClickHouse rows). Records are
 * built with the no-arg constructor, setters and positional puts: the Avro builder deep-copies every
 * default of these 60-column records.
 */
public final class MetricRecords {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();
    private static final int[] NETWORK_SUMS = positions(NetworkMetrics.getClassSchema(), MetricColumns.SUMS);
    private static final int[] NETWORK_MAXES = positions(NetworkMetrics.getClassSchema(), MetricColumns.MAXES);
    private static final int NETWORK_FLOW_LOAD = NetworkMetrics.getClassSchema().getField(MetricColumns.FLOW_LOAD).pos();
    private static final int[] MAP_SUMS = positions(NetworkMapMetrics.getClassSchema(), MetricColumns.SUMS);
    private static final int[] MAP_MAXES = positions(NetworkMapMetrics.getClassSchema(), MetricColumns.MAXES);
    private static final int MAP_FLOW_LOAD = NetworkMapMetrics.getClassSchema().getField(MetricColumns.FLOW_LOAD).pos();

    private MetricRecords() {}

    public static NetworkMetrics network(MetricPartial p) {
        MetricKey k = p.key;
        NetworkMetrics r = new NetworkMetrics();
        r.setTime(p.timeSec);
        r.setPeriod(p.period);
        r.setAgentId(k.agentId);
        r.setTapType(k.tapType);
        r.setTapPort(k.tapPort);
        r.setTapSide(k.tapSide);
        r.setIsIpv4(k.isIpv4);
        r.setIp4(k.isIpv4 == 1 ? k.ip0Lo : 0);
        r.setIp6(k.isIpv4 == 1 ? EMPTY : ipv6(k.ip0Hi, k.ip0Lo));
        r.setRole(k.role);
        r.setProtocol(k.protocol);
        r.setServerPort(k.serverPort);
        ResourceTags t = k.tags0;
        r.setRegionId(t.regionId);
        r.setAzId(t.azId);
        r.setHostId(t.hostId);
        r.setL3DeviceType(t.l3DeviceType);
        r.setL3DeviceId(t.l3DeviceId);
        r.setPodClusterId(t.podClusterId);
        r.setPodNodeId(t.podNodeId);
        r.setPodNsId(t.podNsId);
        r.setPodGroupId(t.podGroupId);
        r.setPodId(t.podId);
        r.setServiceId(t.serviceId);
        r.setL3EpcId(t.l3EpcId);
        r.setSubnetId(t.subnetId);
        counters(r, p, NETWORK_SUMS, NETWORK_MAXES, NETWORK_FLOW_LOAD);
        return r;
    }

    public static NetworkMapMetrics networkMap(MetricPartial p) {
        MetricKey k = p.key;
        NetworkMapMetrics r = new NetworkMapMetrics();
        r.setTime(p.timeSec);
        r.setPeriod(p.period);
        r.setAgentId(k.agentId);
        r.setTapType(k.tapType);
        r.setTapPort(k.tapPort);
        r.setTapSide(k.tapSide);
        r.setIsIpv4(k.isIpv4);
        boolean v4 = k.isIpv4 == 1;
        r.setIp40(v4 ? k.ip0Lo : 0);
        r.setIp41(v4 ? k.ip1Lo : 0);
        r.setIp60(v4 ? EMPTY : ipv6(k.ip0Hi, k.ip0Lo));
        r.setIp61(v4 ? EMPTY : ipv6(k.ip1Hi, k.ip1Lo));
        r.setProtocol(k.protocol);
        r.setServerPort(k.serverPort);
        ResourceTags c = k.tags0;
        r.setRegionId0(c.regionId);
        r.setAzId0(c.azId);
        r.setHostId0(c.hostId);
        r.setL3DeviceType0(c.l3DeviceType);
        r.setL3DeviceId0(c.l3DeviceId);
        r.setPodClusterId0(c.podClusterId);
        r.setPodNodeId0(c.podNodeId);
        r.setPodNsId0(c.podNsId);
        r.setPodGroupId0(c.podGroupId);
        r.setPodId0(c.podId);
        r.setServiceId0(c.serviceId);
        r.setL3EpcId0(c.l3EpcId);
        r.setSubnetId0(c.subnetId);
        ResourceTags s = k.tags1;
        r.setRegionId1(s.regionId);
        r.setAzId1(s.azId);
        r.setHostId1(s.hostId);
        r.setL3DeviceType1(s.l3DeviceType);
        r.setL3DeviceId1(s.l3DeviceId);
        r.setPodClusterId1(s.podClusterId);
        r.setPodNodeId1(s.podNodeId);
        r.setPodNsId1(s.podNsId);
        r.setPodGroupId1(s.podGroupId);
        r.setPodId1(s.podId);
        r.setServiceId1(s.serviceId);
        r.setL3EpcId1(s.l3EpcId);
        r.setSubnetId1(s.subnetId);
        counters(r, p, MAP_SUMS, MAP_MAXES, MAP_FLOW_LOAD);
        return r;
    }

    private static void counters(SpecificRecordBase r, MetricPartial p, int[] sums, int[] maxes, int flowLoad) {
        for (int i = 0; i < sums.length; i++) {
            r.put(sums[i], p.sums[i]);
        }
        for (int i = 0; i < maxes.length; i++) {
            r.put(maxes[i], p.maxes[i]);
        }
        r.put(flowLoad, p.flowLoad);
    }

    private static ByteBuffer ipv6(long hi, long lo) {
        return ByteBuffer.allocate(16).putLong(hi).putLong(lo).flip();
    }

    private static int[] positions(Schema schema, List<String> names) {
        int[] pos = new int[names.size()];
        for (int i = 0; i < pos.length; i++) {
            Schema.Field f = schema.getField(names.get(i));
            if (f == null) {
                throw new IllegalStateException(schema.getName() + " has no column " + names.get(i));
            }
            pos[i] = f.pos();
        }
        return pos;
    }
}
