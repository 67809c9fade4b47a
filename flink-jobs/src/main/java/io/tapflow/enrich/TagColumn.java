package io.tapflow.enrich;

/**
 * The per-side resource tag columns (the manual's 知识图谱 block), without their _0/_1 suffix.
 * VM is not a flow-log column but is kept so groups and parents can refer to it.
 */
public enum TagColumn {
    REGION_ID, AZ_ID, HOST_ID, VM_ID, L3_DEVICE_TYPE, L3_DEVICE_ID, POD_CLUSTER_ID, POD_NODE_ID, POD_NS_ID,
    POD_GROUP_ID, POD_ID, SERVICE_ID, L3_EPC_ID, SUBNET_ID;

    static final int COUNT = values().length;
}
