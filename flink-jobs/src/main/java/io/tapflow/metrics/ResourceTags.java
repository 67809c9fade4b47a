package io.tapflow.metrics;

import java.util.Objects;

/**
 * The resource tags of one side of a metric row (the columns {@code region_id ... subnet_id}, with
 * {@code _0}/{@code _1} in the edge tables). Part of the tag set, so two flows with the same
 * address but in different VPCs are different rows. Zero means unknown (docs/schemas.md); until the
 * enrichment stage fills them (see {@link MetricsPipeline#documents}) every tag is zero. A Flink
 * POJO used inside a key: equals and hashCode cover every field.
 */
public class ResourceTags {
    public int regionId;
    public int azId;
    public int hostId;
    public int l3DeviceType;
    public int l3DeviceId;
    public int podClusterId;
    public int podNodeId;
    public int podNsId;
    public int podGroupId;
    public int podId;
    public int serviceId;
    /** VPC: 0 unknown, -2 Internet. */
    public int l3EpcId;
    public int subnetId;

    public ResourceTags() {}

    public void copyFrom(ResourceTags o) {
        regionId = o.regionId;
        azId = o.azId;
        hostId = o.hostId;
        l3DeviceType = o.l3DeviceType;
        l3DeviceId = o.l3DeviceId;
        podClusterId = o.podClusterId;
        podNodeId = o.podNodeId;
        podNsId = o.podNsId;
        podGroupId = o.podGroupId;
        podId = o.podId;
        serviceId = o.serviceId;
        l3EpcId = o.l3EpcId;
        subnetId = o.subnetId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceTags t && regionId == t.regionId && azId == t.azId && hostId == t.hostId
                && l3DeviceType == t.l3DeviceType && l3DeviceId == t.l3DeviceId && podClusterId == t.podClusterId
                && podNodeId == t.podNodeId && podNsId == t.podNsId && podGroupId == t.podGroupId && podId == t.podId
                && serviceId == t.serviceId && l3EpcId == t.l3EpcId && subnetId == t.subnetId;
    }

    @Override
    public int hashCode() {
        int h = regionId;
        h = 31 * h + azId;
        h = 31 * h + hostId;
        h = 31 * h + l3DeviceType;
        h = 31 * h + l3DeviceId;
        h = 31 * h + podClusterId;
        h = 31 * h + podNodeId;
        h = 31 * h + podNsId;
        h = 31 * h + podGroupId;
        h = 31 * h + podId;
        h = 31 * h + serviceId;
        h = 31 * h + l3EpcId;
        return 31 * h + subnetId;
    }

    @Override
    public String toString() {
        return Objects.toString(l3EpcId) + "/" + subnetId + "/" + podId + "/" + serviceId;
    }
}
