package io.tapflow.enrich;

import static io.tapflow.enrich.Resources.entry;
import static io.tapflow.enrich.Resources.ips;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.schema.ResourceKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnrichmentConfigTest {

    @Test
    void readsJobOptions() {
        Map<String, String> o = Map.of(
                "enrich-vpc-strategies", "mac, tap",
                "enrich-tap-vpcs", "mirror-1/3=7,mirror-2/*=8",
                "enrich-vlan-vpcs", "100=9",
                "enrich-tunnel-vpcs", "5001=10",
                "enrich-default-vpc", "1",
                "enrich-history", "5m",
                "enrich-catalog-wait", "0s");
        EnrichmentConfig c = EnrichmentConfig.fromOptions(o::get);
        assertThat(c.strategies()).containsExactly(VpcStrategy.MAC, VpcStrategy.TAP);
        assertThat(c.tapVpcs()).containsEntry("mirror-1/3", 7).containsEntry("mirror-2/*", 8);
        assertThat(c.vlanVpcs()).containsEntry(100, 9);
        assertThat(c.tunnelVpcs()).containsEntry(5001L, 10);
        assertThat(c.defaultVpc()).isEqualTo(1);
        assertThat(c.historyRetention()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.catalogWait()).isZero();
        assertThat(EnrichmentConfig.fromOptions(k -> null).strategies())
                .containsExactly(VpcStrategy.TUNNEL, VpcStrategy.VLAN, VpcStrategy.TAP, VpcStrategy.MAC);
    }

    @Test
    void rejectsBadOptionsByName() {
        assertThatThrownBy(() -> EnrichmentConfig.fromOptions(Map.of("enrich-vpc-strategies", "vni")::get))
                .hasMessageContaining("--enrich-vpc-strategies: 'vni'");
        assertThatThrownBy(() -> EnrichmentConfig.fromOptions(Map.of("enrich-tap-vpcs", "mirror-1=3")::get))
                .hasMessageContaining("tap 'mirror-1' is not AGENT/PORT");
        assertThatThrownBy(() -> EnrichmentConfig.fromOptions(Map.of("enrich-vlan-vpcs", "100")::get))
                .hasMessageContaining("--enrich-vlan-vpcs: '100' is not KEY=VPC");
    }

    @Test
    void staticTapMapPlacesFlowsAndTheDefaultVpcCatchesTheRest() {
        ResourceIndex index = new ResourceIndex();
        index.apply(entry(ResourceKind.VM, 1, 1).setL3EpcId(7).setIpBindings(ips(0, "10.0.0.1")).build());
        index.apply(entry(ResourceKind.VM, 2, 1).setL3EpcId(8).setIpBindings(ips(0, "10.0.0.1")).build());
        VpcResolver r = new VpcResolver(index, EnrichmentConfig.builder().strategies(List.of(VpcStrategy.TAP))
                .tapVpc("mirror-1/3", 7).tapVpc("mirror-2/*", 8).defaultVpc(7).build());
        FlowContext ctx = new FlowContext();
        ctx.agentId = "mirror-2";
        ctx.tapPort = 12;
        assertThat(r.resolve(ctx, false)).isEqualTo(8);
        ctx.agentId = "mirror-1";
        ctx.tapPort = 3;
        assertThat(r.resolve(ctx, true)).isEqualTo(7);
        ctx.tapPort = 4;
        assertThat(r.resolve(ctx, true)).as("no rule: the default VPC").isEqualTo(7);
    }
}
