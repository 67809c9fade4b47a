package io.tapflow.packet.flowkey;

import io.tapflow.packet.decode.DecodedPacket;
import io.tapflow.schema.FlowKey;

/**
 * Flow identity: which packets form one conversation, and the keys that name it.
 *
 * <p>Identity = IP version, the two endpoints (address + port), protocol, VLAN and outer VLAN,
 * tunnel type and tunnel id (VNI, GRE key, ERSPAN session): overlapping VPC address spaces are told
 * apart by their VLAN or VNI. MAC addresses and tunnel outer addresses are flow context, not
 * identity: both can differ between the two directions of one conversation (asymmetric routing
 * through two routers; an ERSPAN session mirrors both directions from the same switch to the same
 * collector), and the manual records outer addresses per direction.
 *
 * <p>The two endpoints are put in a canonical order (the smaller (address, port) first), so both
 * directions of a conversation produce the same {@link #symmetricHash} and the same
 * {@link #symmetricKeyBytes}. ICMP echo is the exception: both directions carry source port 0 and
 * destination port = echo id, so its endpoints are ordered by address only and its ports never swap.
 */
public final class FlowKeys {
    private FlowKeys() {}

    /** True when the protocol's ports belong to endpoints (they swap between directions). */
    public static boolean directionalPorts(int protocol) {
        return protocol != 1 && protocol != 58;
    }

    /**
     * True when the packet's source is the canonical second endpoint, i.e. the packet travels
     * "backwards" relative to the canonical order.
     */
    public static boolean isReversed(DecodedPacket p) {
        int c = Long.compareUnsigned(p.srcHi(), p.dstHi());
        if (c == 0) {
            c = Long.compareUnsigned(p.srcLo(), p.dstLo());
        }
        if (c == 0 && directionalPorts(p.protocol())) {
            c = Integer.compare(p.srcPort(), p.dstPort());
        }
        return c > 0;
    }

    /** Canonical first endpoint's address (hi), port (in the canonical order chosen by {@link #isReversed}). */
    public static long aHi(DecodedPacket p, boolean reversed) { return reversed ? p.dstHi() : p.srcHi(); }
    public static long aLo(DecodedPacket p, boolean reversed) { return reversed ? p.dstLo() : p.srcLo(); }
    public static long bHi(DecodedPacket p, boolean reversed) { return reversed ? p.srcHi() : p.dstHi(); }
    public static long bLo(DecodedPacket p, boolean reversed) { return reversed ? p.srcLo() : p.dstLo(); }
    public static int aPort(DecodedPacket p, boolean reversed) {
        return reversed && directionalPorts(p.protocol()) ? p.dstPort() : p.srcPort();
    }
    public static int bPort(DecodedPacket p, boolean reversed) {
        return reversed && directionalPorts(p.protocol()) ? p.srcPort() : p.dstPort();
    }

    /** 64-bit hash of the flow identity, equal for both directions. Never 0. */
    public static long symmetricHash(DecodedPacket p) {
        return symmetricHash(p, isReversed(p));
    }

    /** {@link #symmetricHash(DecodedPacket)} when {@link #isReversed} is already known. */
    public static long symmetricHash(DecodedPacket p, boolean reversed) {
        // Independent multiplies (they run in parallel), one finaliser: a few ns. Distinct odd
        // constants per field keep the two endpoints' roles apart.
        long ports = ((long) aPort(p, reversed) << 16) | bPort(p, reversed);
        long context = ((long) p.protocol() << 56) | ((long) p.ipVersion() << 48) | ((long) p.vlanOuter() << 24)
                | ((long) p.vlan() << 8) | p.tunnelType();
        long h = aHi(p, reversed) * 0x9E3779B97F4A7C15L
                + aLo(p, reversed) * 0xC2B2AE3D27D4EB4FL
                + bHi(p, reversed) * 0x165667B19E3779F9L
                + bLo(p, reversed) * 0xD6E8FEB86659FD93L
                + ports * 0xFF51AFD7ED558CCDL
                + context * 0xC4CEB9FE1A85EC53L
                + p.tunnelId() * 0x94D049BB133111EBL;
        h = mix(h);
        return h == 0 ? 1 : h;
    }

    /** SplitMix64 finaliser: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The Kafka record key: byte-identical for both directions. Layout (big-endian):
     * version (1), protocol (1), vlan (2), vlan outer (2), tunnel type (1), tunnel id (4),
     * first endpoint address (4 or 16), its port (2), second endpoint address, its port.
     * 23 bytes for IPv4, 47 for IPv6.
     */
    public static byte[] symmetricKeyBytes(DecodedPacket p) {
        return new FlowIdentity(p).kafkaKeyBytes();
    }

    /** The Avro flow key of a new flow, oriented as {@code p} travels (p's source is the key's source). */
    public static FlowKey flowKey(DecodedPacket p) {
        return new FlowIdentity(p).flowKey();
    }
}
