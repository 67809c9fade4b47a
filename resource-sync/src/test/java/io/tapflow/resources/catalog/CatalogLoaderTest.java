package io.tapflow.resources.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tapflow.schema.Resource;
import io.tapflow.schema.ResourceKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLoaderTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private CatalogLoader.Catalog load(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return CatalogLoader.load(f, 42, NOW);
    }

    private CatalogException failure(String name, String text) {
        return catchThrowableOfType(CatalogException.class, () -> load(name, text));
    }

    @Test
    void theExampleCatalogLoadsWithAncestorsCompleted() throws Exception {
        CatalogLoader.Catalog c = CatalogLoader.load(Path.of("../examples/catalog/two-vpcs.yaml"), 7, NOW);
        Map<String, Resource> byKey = c.resources().stream().collect(Collectors.toMap(r -> r.getKind() + "/" + r.getId(), r -> r));
        assertThat(c.source()).isEqualTo("two-vpcs");
        Resource pod = byKey.get("POD/9001");
        assertThat(pod.getPodNodeId()).isEqualTo(501);
        assertThat(pod.getVmId()).isEqualTo(31);
        assertThat(pod.getHostId()).isEqualTo(7);
        assertThat(pod.getAzId()).isEqualTo(11);
        assertThat(pod.getRegionId()).isEqualTo(1);
        assertThat(pod.getL3EpcId()).isEqualTo(100);
        assertThat(pod.getPodClusterId()).isEqualTo(1);
        assertThat(pod.getPodNsId()).isEqualTo(21);
        assertThat(pod.getPodGroupId()).isEqualTo(301);
        assertThat(pod.getVersion()).isEqualTo(7);
        assertThat(pod.getAttributes()).containsEntry(CatalogLoader.SOURCE_ATTRIBUTE, "two-vpcs");
        assertThat(byKey.get("VPC/100").getAttributes()).containsEntry("match.tunnel_ids", "5001").containsEntry("match.vlans", "100");
        assertThat(byKey.get("VM/41").getL3EpcId()).isEqualTo(200);
        assertThat(byKey.get("VM/41").getMacBindings().get(0).getMac()).isEqualTo(0x5254_0000_0041L);
        assertThat(byKey.get("SERVICE/61").getMembers()).hasSize(1);
    }

    @Test
    void jsonWorksToo() throws Exception {
        CatalogLoader.Catalog c = load("flat.json", """
                {"vpcs": [{"id": 1, "name": "only"}],
                 "vms": [{"id": 5, "vpc": 1, "ips": ["192.168.0.5"]}]}""");
        assertThat(c.resources()).extracting(Resource::getKind).containsExactly(ResourceKind.VPC, ResourceKind.VM);
        assertThat(c.source()).isEqualTo("flat");
    }

    @Test
    void aBadCidrIsNamedWithItsEntry() {
        CatalogException e = failure("bad.yaml", """
                vpcs: [{id: 1, name: prod}]
                subnets:
                  - {id: 10, name: ok, vpc: 1, cidrs: [10.0.0.0/24]}
                  - {id: 11, name: broken, vpc: 1, cidrs: [10.0.300.0/24]}
                  - {id: 12, name: sloppy, vpc: 1, cidrs: [10.0.1.1/24]}
                """);
        assertThat(e.problems()).containsExactly(
                "subnets[1] (subnet 11 'broken'): bad address or CIDR '10.0.300.0/24': octet 300 > 255 in '10.0.300.0/24'",
                "subnets[2] (subnet 12 'sloppy'): CIDR '10.0.1.1/24' has host bits set (did you mean 10.0.1.0/24?)");
        assertThat(e.getMessage()).contains("nothing applied");
    }

    @Test
    void aDanglingReferenceIsNamedWithItsEntry() {
        CatalogException e = failure("dangling.yaml", """
                vpcs: [{id: 1}]
                vms:
                  - {id: 31, name: web-1, vpc: 1, host: 9, ips: [10.0.0.5]}
                groups:
                  - {id: 3, name: g, members: [{kind: pod, id: 77}]}
                """);
        assertThat(e.problems()).containsExactly(
                "vms[0] (vm 31 'web-1'): host 9 is not defined in hosts",
                "groups[0] (group 3 'g'): member pod 77 is not defined in pods");
    }

    @Test
    void duplicatesOverlapsAndMissingVpcsAreRejected() {
        CatalogException e = failure("overlap.yaml", """
                vpcs: [{id: 1}, {id: 2}]
                subnets:
                  - {id: 10, vpc: 1, cidrs: [10.0.0.0/16]}
                  - {id: 11, vpc: 1, cidrs: [10.0.128.0/17]}
                  - {id: 12, vpc: 2, cidrs: [10.0.0.0/16]}
                vms:
                  - {id: 1, subnet: 10, ips: [10.0.0.5]}
                  - {id: 2, vpc: 1, ips: [10.0.0.5]}
                  - {id: 1, vpc: 2}
                  - {id: 3, subnet: 12, ips: [10.9.0.1]}
                hosts:
                  - {id: 4, ips: [172.16.0.4]}
                """);
        assertThat(e.problems()).containsExactly(
                "vms[2] (vm 1): duplicate id 1 (already used by vms[0] (vm 1))",
                "subnets[1] (subnet 11): CIDR 10.0.128.0/17 overlaps 10.0.0.0/16 of subnets[0] (subnet 10) in vpc 1 (set allow_overlap: true on both to permit)",
                "vms[1] (vm 2): address 10.0.0.5/32 in vpc 1 is already bound to vms[0] (vm 1)",
                "vms[3] (vm 3): address 10.9.0.1/32 is outside its subnet subnets[2] (subnet 12)",
                "hosts[0] (host 4): address 172.16.0.4/32 has no VPC (give the entry a vpc, subnet or cluster, or the address a vpc)");
    }

    @Test
    void contradictionsUnknownFieldsAndRangesAreRejected() {
        CatalogException e = failure("odd.yaml", """
                vpcs: [{id: 1}, {id: 2}]
                subnets: [{id: 10, vpc: 1}]
                vms: [{id: 5, subnet: 10, vpc: 2, colour: blue}]
                namespaces: [{id: 70000}]
                things: []
                """);
        assertThat(e.problems()).contains(
                "unknown section 'things' (known: source, regions, azs, vpcs, subnets, hosts, vms, clusters, nodes, namespaces, workloads, pods, services, groups)",
                "vms[0] (vm 5): unknown field 'colour' (allowed: id, name, host, vpc, subnet, az, ips, macs, attributes)",
                "namespaces[0] (namespace 70000): id must be in 1..65535 (its tag column is UInt16)");
        assertThatThrownBy(() -> load("contra.yaml", """
                vpcs: [{id: 1}, {id: 2}]
                subnets: [{id: 10, vpc: 1}]
                vms: [{id: 5, subnet: 10, vpc: 2}]
                """)).hasMessageContaining("vms[0] (vm 5): vpc 2 contradicts subnets[0] (subnet 10), which is in vpc 1");
    }

    @Test
    void pruneDeletesWhatTheSourceNoLongerListsAndTombstonesOldDeletes() throws Exception {
        CatalogLoader.Catalog c = load("site.yaml", "vpcs: [{id: 1}]\n");
        Resource keptElsewhere = Resource.newBuilder().setKind(ResourceKind.VM).setId(8).setVersion(1)
                .setAttributes(Map.of(CatalogLoader.SOURCE_ATTRIBUTE, "other")).build();
        Resource dropped = Resource.newBuilder().setKind(ResourceKind.VM).setId(9).setVersion(1)
                .setAttributes(Map.of(CatalogLoader.SOURCE_ATTRIBUTE, "site")).build();
        Resource deletedLongAgo = Resource.newBuilder().setKind(ResourceKind.VM).setId(10).setVersion(1).setDeleted(true)
                .setUpdatedAt(NOW.minus(Duration.ofDays(2))).setAttributes(Map.of(CatalogLoader.SOURCE_ATTRIBUTE, "site")).build();
        CatalogPlan plan = CatalogPlan.of(c, Map.of("VM/8", keptElsewhere, "VM/9", dropped, "VM/10", deletedLongAgo),
                true, 50, NOW, Duration.ofDays(1));
        assertThat(plan.records()).hasSize(2);
        Resource delete = plan.records().get(1);
        assertThat(delete.getId()).isEqualTo(9);
        assertThat(delete.getDeleted()).isTrue();
        assertThat(delete.getVersion()).isEqualTo(50);
        assertThat(plan.tombstoneKeys()).isEqualTo(List.of("VM/10"));
    }
}
