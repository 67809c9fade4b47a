package io.tapflow.enrich;

import io.tapflow.schema.ResourceKind;

/** DeepFlow's l3_device_type codes for the kinds of catalog entry that own addresses. */
public final class DeviceType {
    public static final int UNKNOWN = 0;
    public static final int VM = 1;
    public static final int HOST = 6;
    public static final int POD = 10;
    public static final int POD_SERVICE = 11;
    public static final int POD_NODE = 14;

    private DeviceType() {}

    /** The device type an address owned by an entry of {@code kind} gets; 0 for ranges (subnets, groups). */
    public static int of(ResourceKind kind) {
        return switch (kind) {
            case VM -> VM;
            case HOST -> HOST;
            case POD -> POD;
            case SERVICE -> POD_SERVICE;
            case POD_NODE -> POD_NODE;
            default -> UNKNOWN;
        };
    }
}
