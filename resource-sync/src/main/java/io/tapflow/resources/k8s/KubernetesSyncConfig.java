package io.tapflow.resources.k8s;

import java.time.Duration;

/**
 * One cluster's sync settings.
 *
 * @param clusterId POD_CLUSTER id of the cluster, 1..65535 (pod_cluster_id)
 * @param clusterName its name; also the sync's source name ({@code k8s/<name>}) under which ids are kept
 * @param vpcId the VPC (l3_epc_id) pod, node and service addresses live in
 * @param regionId region of the cluster (0 = unknown); pods inherit it through the cluster
 * @param azId availability zone of the cluster (0 = unknown)
 * @param startVersion version of the cluster record (e.g. the start time in ms)
 * @param flushInterval how often queued changes go out, one Kafka transaction each (default 200 ms)
 * @param tombstoneDelay how long a deletion stays a record before its tombstone (default 1 h)
 */
public record KubernetesSyncConfig(int clusterId, String clusterName, int vpcId, int regionId, int azId, long startVersion,
        Duration flushInterval, Duration tombstoneDelay) {

    public KubernetesSyncConfig {
        if (clusterId < 1 || clusterId > 65535) {
            throw new IllegalArgumentException("cluster id must be in 1..65535, got " + clusterId);
        }
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("a cluster name is required");
        }
        if (vpcId <= 0) {
            throw new IllegalArgumentException("the cluster's VPC id must be > 0, got " + vpcId);
        }
    }

    /** Defaults: region and AZ unknown, flush every 200 ms, tombstones after an hour. */
    public static KubernetesSyncConfig of(int clusterId, String clusterName, int vpcId) {
        return new KubernetesSyncConfig(clusterId, clusterName, vpcId, 0, 0, System.currentTimeMillis(),
                Duration.ofMillis(200), Duration.ofHours(1));
    }
}
