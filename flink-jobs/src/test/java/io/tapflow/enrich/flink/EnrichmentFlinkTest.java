package io.tapflow.enrich.flink;

import static io.tapflow.enrich.Resources.at;
import static io.tapflow.enrich.Resources.deleted;
import static io.tapflow.enrich.Resources.entry;
import static io.tapflow.enrich.Resources.flow;
import static io.tapflow.enrich.Resources.ips;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.enrich.CatalogMarkers;
import io.tapflow.enrich.EnrichmentConfig;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.Resource;
import io.tapflow.schema.ResourceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** The catalog join in a MiniCluster: broadcast state, two flow subtasks, the catalog-ready hold. */
class EnrichmentFlinkTest {
    private static final long T = 1_700_000_000L;

    @Test
    void tagsFlowsPerVpcAndByRecordTimeAcrossAPodIpReuse() throws Exception {
        List<Resource> catalog = new ArrayList<>(List.of(
                entry(ResourceKind.VPC, 100, 1).setAttributes(Map.of("match.tunnel_ids", "5001")).build(),
                entry(ResourceKind.VPC, 200, 1).setAttributes(Map.of("match.tunnel_ids", "5002")).build(),
                entry(ResourceKind.SUBNET, 1, 1).setL3EpcId(100).setIpBindings(ips(0, "10.0.0.0/16")).build(),
                entry(ResourceKind.SUBNET, 2, 1).setL3EpcId(200).setIpBindings(ips(0, "10.0.0.0/16")).build(),
                entry(ResourceKind.VM, 10, 1).setL3EpcId(100).setIpBindings(ips(0, "10.0.0.1")).build(),
                entry(ResourceKind.VM, 20, 1).setL3EpcId(200).setIpBindings(ips(0, "10.0.0.1")).build(),
                // pod 500 lives from T to T+100, then pod 501 takes its address at T+105 (VPC 100)
                at(entry(ResourceKind.POD, 500, 10).setL3EpcId(100).setIpBindings(ips(0, "10.0.5.5")), T).build(),
                deleted(ResourceKind.POD, 500, 20, T + 100),
                at(entry(ResourceKind.POD, 501, 21).setL3EpcId(100).setIpBindings(ips(0, "10.0.5.5")), T + 105).build(),
                CatalogMarkers.catalogReady()));

        List<L4FlowLog> flows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            L4FlowLog f = flow("10.0.0.1", "10.0.5.5", i % 2 == 0 ? T + 50 : T + 200);
            f.setFlowId(i + 1);
            f.setTunnelTxId(i % 4 < 2 ? 5001 : 5002);
            flows.add(f);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Resource> resources = env.fromData(TypeInformation.of(Resource.class), catalog.toArray(new Resource[0]))
                .assignTimestampsAndWatermarks(Enrichment.neverHoldsEventTime());
        DataStream<L4FlowLog> flowStream = env.fromData(TypeInformation.of(L4FlowLog.class), flows.toArray(new L4FlowLog[0]))
                .assignTimestampsAndWatermarks(WatermarkStrategy.noWatermarks())
                .rebalance();
        EnrichmentConfig config = EnrichmentConfig.builder().catalogWait(Duration.ofMinutes(2)).build();
        List<L4FlowLog> out = new ArrayList<>();
        try (CloseableIterator<L4FlowLog> it = Enrichment.apply(flowStream, resources, config).executeAndCollect("enrichment test")) {
            it.forEachRemaining(out::add);
        }

        assertThat(out).hasSize(20);
        for (L4FlowLog f : out) {
            int i = (int) f.getFlowId() - 1;
            boolean vpc100 = i % 4 < 2;
            boolean beforeReuse = i % 2 == 0;
            assertThat(f.getL3EpcId0()).as("flow %d client VPC", i).isEqualTo(vpc100 ? 100 : 200);
            assertThat(f.getL3DeviceId0()).as("flow %d client VM", i).isEqualTo(vpc100 ? 10 : 20);
            assertThat(f.getSubnetId0()).isEqualTo(vpc100 ? 1 : 2);
            if (vpc100) {
                assertThat(f.getPodId1()).as("flow %d server pod", i).isEqualTo(beforeReuse ? 500 : 501);
            } else {
                assertThat(f.getPodId1()).as("10.0.5.5 in VPC 200 is no pod").isZero();
                assertThat(f.getSubnetId1()).isEqualTo(2);
            }
        }
    }
}
