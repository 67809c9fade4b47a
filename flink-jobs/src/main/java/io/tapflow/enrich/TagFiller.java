package io.tapflow.enrich;

import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.L7FlowLog;
import java.nio.ByteBuffer;

/**
 * Fills the _0 (client) and _1 (server) resource tag columns of flow records from a
 * {@link ResourceIndex}: resolve each side's VPC from the record's context, look the side's address
 * up in it at the record's end_time, write region_id, az_id, host_id, l3_device_type/id,
 * pod_cluster_id, pod_node_id, pod_ns_id, pod_group_id, pod_id, service_id, l3_epc_id, epc_id,
 * subnet_id and group_ids. Existing tag values are overwritten (the catalog is the authority).
 *
 * <p>One instance per thread; it reuses its buffers, so filling allocates only the group_ids list
 * of a side that is in a group.
 */
public final class TagFiller {
    private final ResourceIndex index;
    private final VpcResolver vpcs;
    private final FlowContext ctx = new FlowContext();
    private final EndpointTags client = new EndpointTags();
    private final EndpointTags server = new EndpointTags();

    public TagFiller(ResourceIndex index, EnrichmentConfig config) {
        this.index = index;
        this.vpcs = new VpcResolver(index, config);
    }

    /** Tags of the last record's client side (valid until the next call). */
    public EndpointTags client() {
        return client;
    }

    /** Tags of the last record's server side (valid until the next call). */
    public EndpointTags server() {
        return server;
    }

    public void fill(L4FlowLog r) {
        ctx.clear();
        ctx.agentId = r.getAgentId();
        ctx.tapPort = r.getTapPort();
        ctx.vlan = r.getVlan();
        ctx.tunnelId = r.getTunnelTxId() != 0 ? r.getTunnelTxId() : r.getTunnelRxId();
        ctx.clientMac = r.getMac0();
        ctx.serverMac = r.getMac1();
        long time = ResourceIndex.micros(r.getEndTime());
        resolve(ctx, r.getIsIpv4() != 0, r.getIp40(), r.getIp60(), r.getIp41(), r.getIp61(), time);

        r.setRegionId0(client.get(TagColumn.REGION_ID));
        r.setAzId0(client.get(TagColumn.AZ_ID));
        r.setHostId0(client.get(TagColumn.HOST_ID));
        r.setL3DeviceType0(client.get(TagColumn.L3_DEVICE_TYPE));
        r.setL3DeviceId0(client.get(TagColumn.L3_DEVICE_ID));
        r.setPodClusterId0(client.get(TagColumn.POD_CLUSTER_ID));
        r.setPodNodeId0(client.get(TagColumn.POD_NODE_ID));
        r.setPodNsId0(client.get(TagColumn.POD_NS_ID));
        r.setPodGroupId0(client.get(TagColumn.POD_GROUP_ID));
        r.setPodId0(client.get(TagColumn.POD_ID));
        r.setServiceId0(client.get(TagColumn.SERVICE_ID));
        r.setL3EpcId0(client.get(TagColumn.L3_EPC_ID));
        r.setEpcId0(client.interfaceVpc());
        r.setSubnetId0(client.get(TagColumn.SUBNET_ID));
        r.setGroupIds0(client.groupIds());

        r.setRegionId1(server.get(TagColumn.REGION_ID));
        r.setAzId1(server.get(TagColumn.AZ_ID));
        r.setHostId1(server.get(TagColumn.HOST_ID));
        r.setL3DeviceType1(server.get(TagColumn.L3_DEVICE_TYPE));
        r.setL3DeviceId1(server.get(TagColumn.L3_DEVICE_ID));
        r.setPodClusterId1(server.get(TagColumn.POD_CLUSTER_ID));
        r.setPodNodeId1(server.get(TagColumn.POD_NODE_ID));
        r.setPodNsId1(server.get(TagColumn.POD_NS_ID));
        r.setPodGroupId1(server.get(TagColumn.POD_GROUP_ID));
        r.setPodId1(server.get(TagColumn.POD_ID));
        r.setServiceId1(server.get(TagColumn.SERVICE_ID));
        r.setL3EpcId1(server.get(TagColumn.L3_EPC_ID));
        r.setEpcId1(server.interfaceVpc());
        r.setSubnetId1(server.get(TagColumn.SUBNET_ID));
        r.setGroupIds1(server.groupIds());
    }

    /**
     * L7 records carry no VLAN, MAC or tunnel: only the TAP strategy (and the default VPC / address
     * rule) can place them. Jobs that have the L4 context at hand should pass it with
     * {@link #fill(L7FlowLog, FlowContext)}.
     */
    public void fill(L7FlowLog r) {
        ctx.clear();
        ctx.agentId = r.getAgentId();
        ctx.tapPort = r.getTapPort();
        fill(r, ctx);
    }

    /** Fills an L7 record with the given context (e.g. copied from the flow's L4 record). */
    public void fill(L7FlowLog r, FlowContext context) {
        long time = ResourceIndex.micros(r.getEndTime());
        resolve(context, r.getIsIpv4() != 0, r.getIp40(), r.getIp60(), r.getIp41(), r.getIp61(), time);

        r.setRegionId0(client.get(TagColumn.REGION_ID));
        r.setAzId0(client.get(TagColumn.AZ_ID));
        r.setHostId0(client.get(TagColumn.HOST_ID));
        r.setL3DeviceType0(client.get(TagColumn.L3_DEVICE_TYPE));
        r.setL3DeviceId0(client.get(TagColumn.L3_DEVICE_ID));
        r.setPodClusterId0(client.get(TagColumn.POD_CLUSTER_ID));
        r.setPodNodeId0(client.get(TagColumn.POD_NODE_ID));
        r.setPodNsId0(client.get(TagColumn.POD_NS_ID));
        r.setPodGroupId0(client.get(TagColumn.POD_GROUP_ID));
        r.setPodId0(client.get(TagColumn.POD_ID));
        r.setServiceId0(client.get(TagColumn.SERVICE_ID));
        r.setL3EpcId0(client.get(TagColumn.L3_EPC_ID));
        r.setEpcId0(client.interfaceVpc());
        r.setSubnetId0(client.get(TagColumn.SUBNET_ID));
        r.setGroupIds0(client.groupIds());

        r.setRegionId1(server.get(TagColumn.REGION_ID));
        r.setAzId1(server.get(TagColumn.AZ_ID));
        r.setHostId1(server.get(TagColumn.HOST_ID));
        r.setL3DeviceType1(server.get(TagColumn.L3_DEVICE_TYPE));
        r.setL3DeviceId1(server.get(TagColumn.L3_DEVICE_ID));
        r.setPodClusterId1(server.get(TagColumn.POD_CLUSTER_ID));
        r.setPodNodeId1(server.get(TagColumn.POD_NODE_ID));
        r.setPodNsId1(server.get(TagColumn.POD_NS_ID));
        r.setPodGroupId1(server.get(TagColumn.POD_GROUP_ID));
        r.setPodId1(server.get(TagColumn.POD_ID));
        r.setServiceId1(server.get(TagColumn.SERVICE_ID));
        r.setL3EpcId1(server.get(TagColumn.L3_EPC_ID));
        r.setEpcId1(server.interfaceVpc());
        r.setSubnetId1(server.get(TagColumn.SUBNET_ID));
        r.setGroupIds1(server.groupIds());
    }

    /**
     * Resolves both sides without touching a record, for record types that are not flow logs
     * (metrics rows): read the result from {@link #client()} and {@link #server()}.
     */
    public void resolve(FlowContext context, boolean ipv4, long ip4Client, ByteBuffer ip6Client,
            long ip4Server, ByteBuffer ip6Server, long timeMicros) {
        lookupWith(context, ipv4, ip4Client, ip6Client, ip4Server, ip6Server, timeMicros);
        client.interfaceVpc = index.interfaceVpc(context.clientMac);
        server.interfaceVpc = index.interfaceVpc(context.serverMac);
    }

    private void lookupWith(FlowContext c, boolean ipv4, long ip4c, ByteBuffer ip6c, long ip4s,
            ByteBuffer ip6s, long time) {
        int vpcClient = vpcs.resolve(c, false);
        int vpcServer = vpcs.resolve(c, true);
        if (ipv4) {
            index.lookupV4(vpcClient, ip4c, time, client);
            index.lookupV4(vpcServer, ip4s, time, server);
        } else {
            index.lookupV6(vpcClient, ip6c, time, client);
            index.lookupV6(vpcServer, ip6s, time, server);
        }
    }
}
