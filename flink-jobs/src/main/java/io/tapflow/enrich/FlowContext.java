package io.tapflow.enrich;

/**
 * What a record says about where its packets were seen, the input of VPC resolution. Mutable and
 * reused per record; fields left 0 / null are "not known" (an L7 record has no VLAN or MAC).
 */
public final class FlowContext {
    public String agentId;
    public long tapPort;
    public int vlan;
    /** Tunnel id of the client→server packets, else of the server→client ones; 0 = not tunnelled. */
    public long tunnelId;
    public long clientMac;
    public long serverMac;

    public FlowContext clear() {
        agentId = null;
        tapPort = 0;
        vlan = 0;
        tunnelId = 0;
        clientMac = 0;
        serverMac = 0;
        return this;
    }
}
