package io.tapflow.gen.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How a conversation's packets are wrapped: the outer 802.1Q tags (one = VLAN, two = QinQ, outer
 * first) and tunnels, outermost first. The capture file's link layer is chosen for the whole file,
 * not here; VLAN tags only exist on an Ethernet link (they are dropped on cooked/raw links, as the
 * kernel does).
 */
public final class Encapsulation {
    public static final Encapsulation NONE = new Encapsulation("plain", new int[0], List.of());

    private final String name;
    private final int[] vlans;
    private final List<Tunnel> tunnels;

    private Encapsulation(String name, int[] vlans, List<Tunnel> tunnels) {
        this.name = name;
        this.vlans = vlans.clone();
        this.tunnels = Collections.unmodifiableList(new ArrayList<>(tunnels));
    }

    public static Encapsulation of(String name, int[] vlans, Tunnel... tunnels) {
        return new Encapsulation(name, vlans, List.of(tunnels));
    }

    public static Encapsulation vlan(int id) {
        return new Encapsulation("vlan", new int[] {id}, List.of());
    }

    public static Encapsulation qinq(int outer, int inner) {
        return new Encapsulation("qinq", new int[] {outer, inner}, List.of());
    }

    public static Encapsulation tunnel(String name, Tunnel... tunnels) {
        return new Encapsulation(name, new int[0], List.of(tunnels));
    }

    public String name() { return name; }
    public int[] vlans() { return vlans.clone(); }
    int[] vlansView() { return vlans; }
    public List<Tunnel> tunnels() { return tunnels; }

    /** The outermost tunnel, or null. */
    public Tunnel outermostTunnel() {
        return tunnels.isEmpty() ? null : tunnels.get(0);
    }

    /**
     * 802.1Q id the agent reports as the flow's VLAN: the innermost tag of the innermost Ethernet
     * header (a tunnel's inner Ethernet replaces the outer one; IP-only tunnels keep it).
     */
    public int reportedVlan(LinkLayer link) {
        int[] tags = link == LinkLayer.ETHERNET ? vlans : new int[0];
        for (Tunnel t : tunnels) {
            if (t.carriesEthernet()) {
                tags = t.innerVlansView();
            }
        }
        return tags.length == 0 ? 0 : tags[tags.length - 1];
    }

    @Override
    public String toString() {
        return name;
    }
}
