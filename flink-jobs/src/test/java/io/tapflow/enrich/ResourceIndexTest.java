package io.tapflow.enrich;

import io.tapflow.schema.resource.IpPrefix;

import static io.tapflow.enrich.Resources.at;
import static io.tapflow.enrich.Resources.deleted;
import static io.tapflow.enrich.Resources.entry;
import static io.tapflow.enrich.Resources.flow;
import static io.tapflow.enrich.Resources.ip4;
import static io.tapflow.enrich.Resources.ips;
import static io.tapflow.enrich.Resources.mac;
import static io.tapflow.enrich.Resources.refs;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.ResourceKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceIndexTest {
    private final ResourceEventCounters events = new ResourceEventCounters();
    private final ResourceIndex index = new ResourceIndex(Duration.ofMinutes(10), events);
    private final EndpointTags tags = new EndpointTags();

    private static final long T = 1_700_000_000L; // seconds

    @Test
    void twoVpcsWithTheSameRangeTagFlowsWithTheirOwnResources() {
        // region 1 / AZ 11 holds VPC 100 (VNI 5001), region 2 / AZ 22 holds VPC 200 (VNI 5002): both use 10.0.0.0/16
        index.apply(entry(ResourceKind.REGION, 1, 1).build());
        index.apply(entry(ResourceKind.REGION, 2, 1).build());
        index.apply(entry(ResourceKind.AZ, 11, 1).setRegionId(1).build());
        index.apply(entry(ResourceKind.AZ, 22, 1).setRegionId(2).build());
        index.apply(entry(ResourceKind.VPC, 100, 1).setRegionId(1).setAttributes(Map.of("match.tunnel_ids", "5001")).build());
        index.apply(entry(ResourceKind.VPC, 200, 1).setRegionId(2).setAttributes(Map.of("match.tunnel_ids", "5002")).build());
        index.apply(entry(ResourceKind.SUBNET, 1001, 1).setL3EpcId(100).setAzId(11).setIpBindings(ips(0, "10.0.0.0/16")).build());
        index.apply(entry(ResourceKind.SUBNET, 2001, 1).setL3EpcId(200).setAzId(22).setIpBindings(ips(0, "10.0.0.0/16")).build());
        index.apply(entry(ResourceKind.HOST, 7, 1).setAzId(11).build());
        index.apply(entry(ResourceKind.HOST, 8, 1).setAzId(22).build());
        index.apply(entry(ResourceKind.VM, 31, 1).setL3EpcId(100).setHostId(7).setIpBindings(ips(0, "10.0.0.5")).build());
        index.apply(entry(ResourceKind.VM, 41, 1).setL3EpcId(200).setHostId(8).setIpBindings(ips(0, "10.0.0.5")).build());
        index.apply(entry(ResourceKind.VM, 42, 1).setL3EpcId(200).setHostId(8).setIpBindings(ips(0, "10.0.0.9")).build());

        TagFiller filler = new TagFiller(index, EnrichmentConfig.defaults());
        L4FlowLog inA = flow("10.0.0.5", "10.0.0.9", T);
        inA.setTunnelTxId(5001);
        L4FlowLog inB = flow("10.0.0.5", "10.0.0.9", T);
        inB.setTunnelTxId(5002);
        filler.fill(inA);
        filler.fill(inB);

        assertThat(inA.getL3EpcId0()).isEqualTo(100);
        assertThat(inA.getL3DeviceType0()).isEqualTo(DeviceType.VM);
        assertThat(inA.getL3DeviceId0()).isEqualTo(31);
        assertThat(inA.getHostId0()).isEqualTo(7);
        assertThat(inA.getAzId0()).isEqualTo(11);
        assertThat(inA.getRegionId0()).isEqualTo(1);
        assertThat(inA.getSubnetId0()).isEqualTo(1001);
        // 10.0.0.9 exists only in VPC 200: in VPC 100 it is just an address of subnet 1001
        assertThat(inA.getL3EpcId1()).isEqualTo(100);
        assertThat(inA.getL3DeviceType1()).isZero();
        assertThat(inA.getSubnetId1()).isEqualTo(1001);

        assertThat(inB.getL3EpcId0()).isEqualTo(200);
        assertThat(inB.getL3DeviceId0()).isEqualTo(41);
        assertThat(inB.getHostId0()).isEqualTo(8);
        assertThat(inB.getAzId0()).isEqualTo(22);
        assertThat(inB.getRegionId0()).isEqualTo(2);
        assertThat(inB.getSubnetId0()).isEqualTo(2001);
        assertThat(inB.getL3DeviceId1()).isEqualTo(42);
        assertThat(inB.getL3EpcId1()).isEqualTo(200);
    }

    @Test
    void vlanAndTapStrategiesFromConfigAndCatalog() {
        index.apply(Resources.vpc(100, Map.of("match.vlans", "10", "match.taps", "mirror-1/*")));
        index.apply(Resources.vpc(200, Map.of()));
        index.apply(entry(ResourceKind.VM, 1, 1).setL3EpcId(100).setIpBindings(ips(0, "192.168.1.1")).build());
        index.apply(entry(ResourceKind.VM, 2, 1).setL3EpcId(200).setIpBindings(ips(0, "192.168.1.1")).build());
        EnrichmentConfig config = EnrichmentConfig.builder().vlanVpc(20, 200).build();
        TagFiller filler = new TagFiller(index, config);

        L4FlowLog vlan10 = flow("192.168.1.1", "8.8.8.8", T);
        vlan10.setVlan(10);
        filler.fill(vlan10);
        assertThat(vlan10.getL3DeviceId0()).isEqualTo(1);
        assertThat(vlan10.getL3EpcId1()).as("8.8.8.8 is in no VPC: Internet").isEqualTo(EndpointTags.INTERNET);

        L4FlowLog vlan20 = flow("192.168.1.1", "8.8.8.8", T);
        vlan20.setVlan(20);
        filler.fill(vlan20);
        assertThat(vlan20.getL3DeviceId0()).isEqualTo(2);

        L4FlowLog tap = flow("192.168.1.1", "8.8.8.8", T);
        tap.setAgentId("mirror-1");
        tap.setTapPort(7);
        filler.fill(tap);
        assertThat(tap.getL3DeviceId0()).isEqualTo(1);

        L4FlowLog noContext = flow("192.168.1.1", "8.8.8.8", T);
        filler.fill(noContext);
        assertThat(noContext.getL3EpcId0()).as("bound in two VPCs and no context: unknown").isZero();
        assertThat(noContext.getL3DeviceId0()).isZero();
    }

    @Test
    void macStrategyIsPerSideAndFillsInterfaceVpc() {
        index.apply(entry(ResourceKind.VM, 1, 1).setL3EpcId(100).setIpBindings(ips(0, "10.1.0.1")).setMacBindings(mac(0xaa, 0)).build());
        index.apply(entry(ResourceKind.VM, 2, 1).setL3EpcId(200).setIpBindings(ips(0, "10.1.0.1")).setMacBindings(mac(0xbb, 0)).build());
        index.apply(entry(ResourceKind.VM, 3, 1).setL3EpcId(200).setIpBindings(ips(0, "10.1.0.2")).build());
        TagFiller filler = new TagFiller(index, EnrichmentConfig.builder().strategies(List.of(VpcStrategy.MAC)).build());
        L4FlowLog f = flow("10.1.0.1", "10.1.0.2", T);
        f.setMac0(0xbb);
        filler.fill(f);
        assertThat(f.getL3DeviceId0()).isEqualTo(2);
        assertThat(f.getEpcId0()).isEqualTo(200);
        // the server MAC is unknown: its address alone decides (10.1.0.2 is bound in VPC 200 only)
        assertThat(f.getL3DeviceId1()).isEqualTo(3);
        assertThat(f.getEpcId1()).isZero();
    }

    @Test
    void podDeletedAndItsIpReusedResolvesByRecordTimeInEitherArrivalOrder() {
        for (boolean deleteFirst : new boolean[] {true, false}) {
            ResourceIndex idx = new ResourceIndex(Duration.ofMinutes(10), ResourceEvent.Listener.NONE);
            idx.apply(entry(ResourceKind.SUBNET, 9, 1).setL3EpcId(1).setIpBindings(ips(0, "10.244.1.0/24")).build());
            idx.apply(at(entry(ResourceKind.POD, 500, 10).setL3EpcId(1).setPodGroupId(70).setIpBindings(ips(0, "10.244.1.7")), T).build());
            var deleteA = deleted(ResourceKind.POD, 500, 20, T + 100);
            var addB = at(entry(ResourceKind.POD, 501, 21).setL3EpcId(1).setPodGroupId(71).setIpBindings(ips(0, "10.244.1.7")), T + 105).build();
            if (deleteFirst) {
                idx.apply(deleteA);
                idx.apply(addB);
            } else {
                idx.apply(addB); // Kafka keeps order per key only: the new pod may be seen first
                idx.apply(deleteA);
            }
            long ip = ip4("10.244.1.7");
            idx.lookupV4(1, ip, (T + 50) * 1_000_000, tags);
            assertThat(tags.get(TagColumn.POD_ID)).as("before the delete, deleteFirst=" + deleteFirst).isEqualTo(500);
            assertThat(tags.get(TagColumn.POD_GROUP_ID)).isEqualTo(70);
            idx.lookupV4(1, ip, (T + 102) * 1_000_000, tags);
            assertThat(tags.get(TagColumn.POD_ID)).as("between delete and re-use: only the subnet").isZero();
            assertThat(tags.get(TagColumn.SUBNET_ID)).isEqualTo(9);
            idx.lookupV4(1, ip, (T + 200) * 1_000_000, tags);
            assertThat(tags.get(TagColumn.POD_ID)).as("after the re-use").isEqualTo(501);
            assertThat(tags.get(TagColumn.POD_GROUP_ID)).isEqualTo(71);
            assertThat(tags.get(TagColumn.SUBNET_ID)).isEqualTo(9);
        }
    }

    @Test
    void historyExpiresAfterRetention() {
        index.apply(at(entry(ResourceKind.POD, 1, 1).setL3EpcId(1).setIpBindings(ips(0, "10.0.0.1")), T).build());
        index.apply(deleted(ResourceKind.POD, 1, 2, T + 10));
        index.lookupV4(1, ip4("10.0.0.1"), (T + 5) * 1_000_000, tags);
        assertThat(tags.get(TagColumn.POD_ID)).isEqualTo(1);
        index.apply(at(entry(ResourceKind.HOST, 9, 1), T + 10 + 601).build()); // the clock moves past 10 min
        index.expireHistory();
        index.lookupV4(1, ip4("10.0.0.1"), (T + 5) * 1_000_000, tags);
        assertThat(tags.get(TagColumn.POD_ID)).isZero();
        assertThat(tags.get(TagColumn.L3_EPC_ID)).as("the address is in no VPC any more").isEqualTo(EndpointTags.INTERNET);
    }

    @Test
    void olderVersionsNeverOverwriteNewerOnes() {
        index.apply(entry(ResourceKind.VM, 1, 5).setL3EpcId(1).setHostId(2).setIpBindings(ips(0, "10.0.0.1")).build());
        assertThat(index.apply(entry(ResourceKind.VM, 1, 4).setL3EpcId(1).setHostId(3).build())).isEqualTo(ResourceIndex.Outcome.STALE);
        assertThat(index.apply(entry(ResourceKind.VM, 1, 5).setL3EpcId(1).setHostId(3).build())).isEqualTo(ResourceIndex.Outcome.STALE);
        index.lookupV4(1, ip4("10.0.0.1"), 0, tags);
        assertThat(tags.get(TagColumn.HOST_ID)).isEqualTo(2);

        assertThat(index.apply(deleted(ResourceKind.VM, 1, 7, 0))).isEqualTo(ResourceIndex.Outcome.DELETED);
        assertThat(index.apply(entry(ResourceKind.VM, 1, 6).setL3EpcId(1).setIpBindings(ips(0, "10.0.0.1")).build()))
                .as("a late add older than the delete").isEqualTo(ResourceIndex.Outcome.STALE);
        assertThat(index.get(ResourceKind.VM, 1)).isNull();
        assertThat(index.apply(entry(ResourceKind.VM, 1, 8).setL3EpcId(1).build())).isEqualTo(ResourceIndex.Outcome.ADDED);
        assertThat(events.get(ResourceEvent.REBUILD_EVENT)).isEqualTo(1);
        assertThat(events.get(ResourceEvent.STALE_IGNORED)).isEqualTo(3);
    }

    @Test
    void aTombstoneForgetsTheEntryAndItsVersion() {
        index.apply(entry(ResourceKind.POD, 3, 9).setL3EpcId(1).setIpBindings(ips(0, "10.0.0.3")).build());
        index.apply(entry(ResourceKind.POD, 3, ResourceIndex.TOMBSTONE_VERSION).setDeleted(true).build());
        assertThat(index.size()).isZero();
        index.lookupV4(1, ip4("10.0.0.3"), 0, tags);
        assertThat(tags.get(TagColumn.POD_ID)).isZero();
        assertThat(index.apply(entry(ResourceKind.POD, 3, 1).setL3EpcId(1).build())).isEqualTo(ResourceIndex.Outcome.ADDED);
    }

    @Test
    void tagsAreCompletedThroughParents() {
        index.apply(entry(ResourceKind.REGION, 1, 1).build());
        index.apply(entry(ResourceKind.AZ, 2, 1).setRegionId(1).build());
        index.apply(entry(ResourceKind.HOST, 3, 1).setAzId(2).build());
        index.apply(entry(ResourceKind.VM, 4, 1).setHostId(3).setL3EpcId(5).build());
        index.apply(entry(ResourceKind.POD_CLUSTER, 6, 1).setL3EpcId(5).build());
        index.apply(entry(ResourceKind.POD_NODE, 7, 1).setVmId(4).setPodClusterId(6).setIpBindings(ips(5, "10.0.0.7")).build());
        index.apply(entry(ResourceKind.POD_NAMESPACE, 8, 1).setPodClusterId(6).build());
        index.apply(entry(ResourceKind.WORKLOAD, 9, 1).setPodNsId(8).build());
        index.apply(entry(ResourceKind.POD, 10, 1).setPodNodeId(7).setPodGroupId(9).setL3EpcId(5).setIpBindings(ips(0, "10.244.0.10")).build());
        index.apply(entry(ResourceKind.SERVICE, 11, 1).setPodNsId(8).setL3EpcId(5).setIpBindings(ips(0, "10.96.0.11")).setMembers(refs(ResourceKind.POD, 10)).build());
        index.apply(entry(ResourceKind.CUSTOM_GROUP, 12, 1).setMembers(refs(ResourceKind.WORKLOAD, 9)).build());
        index.apply(entry(ResourceKind.CUSTOM_GROUP, 13, 1).setL3EpcId(5).setIpBindings(ips(0, "10.244.0.0/16")).build());

        index.lookupV4(5, ip4("10.244.0.10"), 0, tags);
        assertThat(tags.get(TagColumn.POD_ID)).isEqualTo(10);
        assertThat(tags.get(TagColumn.L3_DEVICE_TYPE)).isEqualTo(DeviceType.POD);
        assertThat(tags.get(TagColumn.POD_GROUP_ID)).isEqualTo(9);
        assertThat(tags.get(TagColumn.POD_NS_ID)).isEqualTo(8);
        assertThat(tags.get(TagColumn.POD_NODE_ID)).isEqualTo(7);
        assertThat(tags.get(TagColumn.POD_CLUSTER_ID)).isEqualTo(6);
        assertThat(tags.get(TagColumn.VM_ID)).isEqualTo(4);
        assertThat(tags.get(TagColumn.HOST_ID)).isEqualTo(3);
        assertThat(tags.get(TagColumn.AZ_ID)).isEqualTo(2);
        assertThat(tags.get(TagColumn.REGION_ID)).isEqualTo(1);
        assertThat(tags.get(TagColumn.SERVICE_ID)).as("from the service's members").isEqualTo(11);
        assertThat(tags.groupIds()).containsExactly(12, 13);

        index.lookupV4(5, ip4("10.96.0.11"), 0, tags);
        assertThat(tags.get(TagColumn.L3_DEVICE_TYPE)).isEqualTo(DeviceType.POD_SERVICE);
        assertThat(tags.get(TagColumn.SERVICE_ID)).isEqualTo(11);
        assertThat(tags.get(TagColumn.POD_CLUSTER_ID)).isEqualTo(6);

        index.lookupV4(5, ip4("10.0.0.7"), 0, tags);
        assertThat(tags.get(TagColumn.L3_DEVICE_TYPE)).isEqualTo(DeviceType.POD_NODE);
        assertThat(tags.get(TagColumn.HOST_ID)).isEqualTo(3);

        // a parent changes: children see it at once (the node moves to another VM)
        index.apply(entry(ResourceKind.HOST, 30, 1).setAzId(2).build());
        index.apply(entry(ResourceKind.VM, 40, 1).setHostId(30).build());
        index.apply(entry(ResourceKind.POD_NODE, 7, 2).setVmId(40).setPodClusterId(6).setIpBindings(ips(5, "10.0.0.7")).build());
        index.lookupV4(5, ip4("10.244.0.10"), 0, tags);
        assertThat(tags.get(TagColumn.HOST_ID)).isEqualTo(30);
        assertThat(events.get(ResourceEvent.MIGRATE_EVENT)).isEqualTo(1);
    }

    @Test
    void longestPrefixWinsForIpv4AndIpv6() {
        index.apply(entry(ResourceKind.SUBNET, 1, 1).setL3EpcId(1).setIpBindings(ips(0, "10.0.0.0/8")).build());
        index.apply(entry(ResourceKind.SUBNET, 2, 1).setL3EpcId(1).setIpBindings(ips(0, "10.1.0.0/16")).build());
        index.apply(entry(ResourceKind.SUBNET, 3, 1).setL3EpcId(1).setIpBindings(ips(0, "fd00::/48", "fd00:0:0:1::/64")).build());
        index.apply(entry(ResourceKind.VM, 4, 1).setL3EpcId(1).setIpBindings(ips(0, "fd00:0:0:1::42")).build());
        index.lookupV4(1, ip4("10.1.2.3"), 0, tags);
        assertThat(tags.get(TagColumn.SUBNET_ID)).isEqualTo(2);
        index.lookupV4(1, ip4("10.2.2.3"), 0, tags);
        assertThat(tags.get(TagColumn.SUBNET_ID)).isEqualTo(1);
        IpPrefix vm = IpPrefix.parse("fd00:0:0:1::42");
        index.lookupV6(1, vm.hi(), vm.lo(), 0, tags);
        assertThat(tags.get(TagColumn.L3_DEVICE_ID)).isEqualTo(4);
        assertThat(tags.get(TagColumn.SUBNET_ID)).isEqualTo(3);
        IpPrefix other = IpPrefix.parse("fd00:0:0:2::1");
        index.lookupV6(1, other.hi(), other.lo(), 0, tags);
        assertThat(tags.get(TagColumn.SUBNET_ID)).isEqualTo(3);
        assertThat(tags.get(TagColumn.L3_DEVICE_TYPE)).isZero();
        IpPrefix outside = IpPrefix.parse("2001:db8::1");
        index.lookupV6(1, outside.hi(), outside.lo(), 0, tags);
        assertThat(tags.get(TagColumn.L3_EPC_ID)).isEqualTo(EndpointTags.INTERNET);
    }

    @Test
    void updatesMoveBindingsAndCountAddressEvents() {
        index.apply(entry(ResourceKind.VM, 1, 1).setL3EpcId(1).setIpBindings(ips(0, "10.0.0.1", "10.0.0.2")).build());
        index.apply(entry(ResourceKind.VM, 1, 2).setL3EpcId(1).setIpBindings(ips(0, "10.0.0.2", "10.0.0.3")).build());
        index.lookupV4(1, ip4("10.0.0.3"), 0, tags);
        assertThat(tags.get(TagColumn.VM_ID)).isEqualTo(1);
        assertThat(events.get(ResourceEvent.ADD_IP_EVENT)).isEqualTo(3);
        assertThat(events.get(ResourceEvent.DEL_IP_EVENT)).isEqualTo(1);
        assertThat(events.get(ResourceEvent.SYNC_EVENT)).isEqualTo(1);
        assertThat(events.get(ResourceEvent.UPDATE_STATE_EVENT)).isEqualTo(1);
        assertThat(events.get(ResourceEvent.EVENT)).isEqualTo(2);
    }

    @Test
    void badRecordsAreRejectedNotFatal() {
        assertThat(index.apply(entry(ResourceKind.VM, 0, 1).build())).isEqualTo(ResourceIndex.Outcome.REJECTED);
        assertThat(index.apply(entry(ResourceKind.UNKNOWN, 5, 1).build())).isEqualTo(ResourceIndex.Outcome.IGNORED);
        var bad = io.tapflow.schema.IpBinding.newBuilder().setL3EpcId(1).setIp(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3})).setPrefixLength(24).build();
        index.apply(entry(ResourceKind.VM, 1, 1).setL3EpcId(1).setIpBindings(List.of(bad)).build());
        assertThat(events.get(ResourceEvent.REJECTED)).isEqualTo(2);
        assertThat(index.size()).isEqualTo(1);
    }
}
