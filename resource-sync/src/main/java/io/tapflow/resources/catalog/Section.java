package io.tapflow.resources.catalog;

import io.tapflow.schema.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The sections of a catalog file: which kind each holds, the field name other entries use to
 * refer to one of its entries, the direct parents its entries may name, and whether they own
 * addresses.
 */
enum Section {
    REGIONS("regions", "region", ResourceKind.REGION, true, false),
    AZS("azs", "az", ResourceKind.AZ, true, false, REGIONS),
    VPCS("vpcs", "vpc", ResourceKind.VPC, false, false, REGIONS),
    SUBNETS("subnets", "subnet", ResourceKind.SUBNET, true, true, VPCS, AZS),
    HOSTS("hosts", "host", ResourceKind.HOST, true, true, AZS, REGIONS, VPCS),
    VMS("vms", "vm", ResourceKind.VM, false, true, HOSTS, VPCS, SUBNETS, AZS),
    CLUSTERS("clusters", "cluster", ResourceKind.POD_CLUSTER, true, false, VPCS, AZS, REGIONS),
    NODES("nodes", "node", ResourceKind.POD_NODE, false, true, CLUSTERS, VMS, HOSTS, SUBNETS, VPCS),
    NAMESPACES("namespaces", "namespace", ResourceKind.POD_NAMESPACE, true, false, CLUSTERS),
    WORKLOADS("workloads", "workload", ResourceKind.WORKLOAD, false, false, NAMESPACES),
    PODS("pods", "pod", ResourceKind.POD, false, true, NODES, NAMESPACES, WORKLOADS, SUBNETS, VPCS),
    SERVICES("services", "service", ResourceKind.SERVICE, false, true, NAMESPACES, VPCS),
    GROUPS("groups", "group", ResourceKind.CUSTOM_GROUP, true, true, VPCS);

    final String name;
    final String reference;
    final ResourceKind kind;
    /** Ids must fit the UInt16 tag columns. */
    final boolean uint16;
    final boolean addresses;
    /** Direct parents, in the order the catalog documents them (a List: EnumSet cannot be built while the enum initialises). */
    final List<Section> parents;

    Section(String name, String reference, ResourceKind kind, boolean uint16, boolean addresses, Section... parents) {
        this.name = name;
        this.reference = reference;
        this.kind = kind;
        this.uint16 = uint16;
        this.addresses = addresses;
        this.parents = List.of(parents);
    }

    static Section byName(String name) {
        return Stream.of(values()).filter(s -> s.name.equals(name)).findFirst().orElse(null);
    }

    static Section byReference(String reference) {
        return Stream.of(values()).filter(s -> s.reference.equals(reference)).findFirst().orElse(null);
    }

    static Section byKind(ResourceKind kind) {
        return Stream.of(values()).filter(s -> s.kind == kind).findFirst().orElseThrow();
    }

    static String names() {
        return Stream.of(values()).map(s -> s.name).collect(Collectors.joining(", "));
    }

    String allowedFields() {
        List<String> f = new ArrayList<>();
        parents.forEach(p -> f.add(p.reference));
        if (addresses) {
            f.add(this == SUBNETS || this == GROUPS ? "cidrs" : "ips");
            if (this != SUBNETS && this != GROUPS && this != SERVICES) {
                f.add("macs");
            }
        }
        if (this == GROUPS || this == SERVICES) {
            f.add("members");
        }
        if (this == SUBNETS) {
            f.add("allow_overlap");
        }
        if (this == VPCS) {
            f.add("match");
        }
        f.add("attributes");
        return String.join(", ", f);
    }
}
