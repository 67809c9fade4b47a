package io.tapflow.enrich;

import io.tapflow.schema.resource.IpPrefix;

import io.tapflow.schema.IpBinding;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.MacBinding;
import io.tapflow.schema.Resource;
import io.tapflow.schema.ResourceKind;
import io.tapflow.schema.ResourceRef;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test catalog records and flow logs, built tersely. */
public final class Resources {
    private Resources() {}

    public static Resource.Builder entry(ResourceKind kind, int id, long version) {
        return Resource.newBuilder().setKind(kind).setId(id).setName(kind.name().toLowerCase() + "-" + id)
                .setVersion(version).setUpdatedAt(Instant.EPOCH);
    }

    /** updated_at in seconds since the epoch, for readable event times. */
    public static Resource.Builder at(Resource.Builder b, long seconds) {
        return b.setUpdatedAt(Instant.ofEpochSecond(seconds));
    }

    public static List<IpBinding> ips(int vpc, String... cidrs) {
        List<IpBinding> out = new ArrayList<>();
        for (String c : cidrs) {
            IpPrefix p = IpPrefix.parse(c);
            out.add(IpBinding.newBuilder().setL3EpcId(vpc).setIp(ByteBuffer.wrap(p.addressBytes()))
                    .setPrefixLength(p.length()).build());
        }
        return out;
    }

    public static List<MacBinding> mac(long mac, int vpc) {
        return List.of(MacBinding.newBuilder().setMac(mac).setL3EpcId(vpc).setSubnetId(0).setInterfaceName("eth0").build());
    }

    public static List<ResourceRef> refs(ResourceKind kind, int... ids) {
        List<ResourceRef> out = new ArrayList<>();
        for (int id : ids) {
            out.add(ResourceRef.newBuilder().setKind(kind).setId(id).build());
        }
        return out;
    }

    public static Resource vpc(int id, Map<String, String> attributes) {
        return entry(ResourceKind.VPC, id, 1).setRegionId(1).setAttributes(attributes).build();
    }

    public static Resource deleted(ResourceKind kind, int id, long version, long atSeconds) {
        return at(entry(kind, id, version), atSeconds).setDeleted(true).build();
    }

    public static long ip4(String dotted) {
        return IpPrefix.parse(dotted).hi() >>> 32;
    }

    /** An IPv4 TCP flow log record with the tag columns at their defaults. */
    public static L4FlowLog flow(String client, String server, long endSeconds) {
        return L4FlowLog.newBuilder()
                .setTime(endSeconds).setStartTime(Instant.ofEpochSecond(endSeconds - 1)).setEndTime(Instant.ofEpochSecond(endSeconds))
                .setFlowId(1).setAgentId("agent-1").setTapType(3).setTapPort(0).setTapPortName("eth0").setTapSide("")
                .setIsIpv4(1).setIp40(ip4(client)).setIp41(ip4(server)).setProtocol(6).setClientPort(40000).setServerPort(80)
                .build();
    }
}
