package io.tapflow.enrich;

/** Ways to tell which VPC a flow belongs to; {@link EnrichmentConfig} orders them, the first that answers wins. */
public enum VpcStrategy {
    /** The outer tunnel id (VXLAN/Geneve VNI, GRE key) of the flow's packets. */
    TUNNEL,
    /** The innermost 802.1Q VLAN id. */
    VLAN,
    /** The capture point: agent id and tap port (a mirror port facing one tenant). */
    TAP,
    /** Each side's MAC address, through the catalog's interface (MAC) bindings; per side. */
    MAC
}
