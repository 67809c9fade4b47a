package io.tapflow.packet.flowkey;

import io.tapflow.packet.decode.DecodedPacket;
import io.tapflow.schema.FlowKey;
import java.nio.ByteBuffer;

/**
 * One flow's identity in canonical order (see {@link FlowKeys}) plus the context of its first
 * packet (orientation, MACs, outermost tunnel addresses), held as primitives. A flow table entry
 * extends it, so matching a packet reads only the entry itself; the Kafka key and the Avro
 * {@link FlowKey} are built from it when needed rather than kept per flow. A table may reuse an
 * entry for another flow ({@link #reset}), so entries live long and cost the collector nothing.
 */
public class FlowIdentity {
    private static final ByteBuffer EMPTY = ByteBuffer.wrap(new byte[0]);
    /** Bytes before the endpoints in a symmetric key: version, protocol, vlan, vlan outer, tunnel type, tunnel id. */
    private static final int KEY_HEADER = 1 + 1 + 2 + 2 + 1 + 4;

    protected long hash;
    protected int ipVersion;
    protected int protocol;
    protected int vlan;
    protected int vlanOuter;
    protected int tunnelType;
    protected long tunnelId;
    protected long aHi;
    protected long aLo;
    protected long bHi;
    protected long bLo;
    protected int aPort;
    protected int bPort;
    /** The first packet travelled from endpoint b to endpoint a. */
    protected boolean firstReversed;
    /** Read only when a key is built: kept apart so matching a packet touches fewer cache lines. */
    private final FirstPacket first = new FirstPacket();

    /** The first packet's context that is not identity. */
    private static final class FirstPacket {
        long macSrc;
        long macDst;
        int tunnelIpVersion;
        long tunnelSrcHi;
        long tunnelSrcLo;
        long tunnelDstHi;
        long tunnelDstLo;
        int tunnelDepth;
    }

    /** The identity of {@code first}'s flow, oriented as {@code first} travels. */
    public FlowIdentity(DecodedPacket first) {
        this(first, FlowKeys.isReversed(first), FlowKeys.symmetricHash(first));
    }

    /** When {@link FlowKeys#isReversed} and {@link FlowKeys#symmetricHash} are already known. */
    public FlowIdentity(DecodedPacket first, boolean reversed, long hash) {
        reset(first, reversed, hash);
    }

    /** An empty identity, to be {@link #reset} before use (for pooled table entries). */
    protected FlowIdentity() {
    }

    /** Makes this the identity of {@code first}'s flow. */
    protected final void reset(DecodedPacket first, boolean reversed, long hash) {
        this.hash = hash;
        this.ipVersion = first.ipVersion();
        this.protocol = first.protocol();
        this.vlan = first.vlan();
        this.vlanOuter = first.vlanOuter();
        this.tunnelType = first.tunnelType();
        this.tunnelId = first.tunnelId();
        this.aHi = FlowKeys.aHi(first, reversed);
        this.aLo = FlowKeys.aLo(first, reversed);
        this.bHi = FlowKeys.bHi(first, reversed);
        this.bLo = FlowKeys.bLo(first, reversed);
        this.aPort = FlowKeys.aPort(first, reversed);
        this.bPort = FlowKeys.bPort(first, reversed);
        this.firstReversed = reversed;
        FirstPacket c = this.first;
        c.macSrc = first.macSrc();
        c.macDst = first.macDst();
        c.tunnelIpVersion = first.tunnelIpVersion();
        c.tunnelSrcHi = first.tunnelSrcHi();
        c.tunnelSrcLo = first.tunnelSrcLo();
        c.tunnelDstHi = first.tunnelDstHi();
        c.tunnelDstLo = first.tunnelDstLo();
        c.tunnelDepth = first.tunnelDepth();
    }

    /** {@link FlowKeys#symmetricHash} of the flow. */
    public final long hash() {
        return hash;
    }

    /** True when {@code p} (with its {@link FlowKeys#isReversed} value) belongs to this flow. */
    public final boolean matches(DecodedPacket p, boolean reversed) {
        return aLo == FlowKeys.aLo(p, reversed) && bLo == FlowKeys.bLo(p, reversed)
                && aPort == FlowKeys.aPort(p, reversed) && bPort == FlowKeys.bPort(p, reversed)
                && protocol == p.protocol() && aHi == FlowKeys.aHi(p, reversed) && bHi == FlowKeys.bHi(p, reversed)
                && vlan == p.vlan() && vlanOuter == p.vlanOuter() && tunnelType == p.tunnelType()
                && tunnelId == p.tunnelId() && ipVersion == p.ipVersion();
    }

    /** 0 when a packet with this {@link FlowKeys#isReversed} value goes the first packet's way, else 1. */
    public final int direction(boolean reversed) {
        return reversed == firstReversed ? 0 : 1;
    }

    /** The symmetric Kafka key (layout in {@link FlowKeys#symmetricKeyBytes}). */
    public final byte[] kafkaKeyBytes() {
        int addressLength = ipVersion == 6 ? 16 : 4;
        byte[] key = new byte[KEY_HEADER + 2 * (addressLength + 2)];
        key[0] = (byte) ipVersion;
        key[1] = (byte) protocol;
        putShort(key, 2, vlan);
        putShort(key, 4, vlanOuter);
        key[6] = (byte) tunnelType;
        putInt(key, 7, tunnelId);
        int at = KEY_HEADER;
        putAddress(ipVersion, aHi, aLo, key, at);
        at += addressLength;
        putShort(key, at, aPort);
        at += 2;
        putAddress(ipVersion, bHi, bLo, key, at);
        at += addressLength;
        putShort(key, at, bPort);
        return key;
    }

    /** The Avro flow key, oriented as the flow's first packet travelled. */
    public final FlowKey flowKey() {
        boolean swapPorts = firstReversed && FlowKeys.directionalPorts(protocol);
        byte[] src = address(ipVersion, firstReversed ? bHi : aHi, firstReversed ? bLo : aLo);
        byte[] dst = address(ipVersion, firstReversed ? aHi : bHi, firstReversed ? aLo : bLo);
        FirstPacket c = first;
        ByteBuffer tunnelSrc = EMPTY;
        ByteBuffer tunnelDst = EMPTY;
        if (c.tunnelDepth > 0) {
            tunnelSrc = ByteBuffer.wrap(address(c.tunnelIpVersion, c.tunnelSrcHi, c.tunnelSrcLo));
            tunnelDst = ByteBuffer.wrap(address(c.tunnelIpVersion, c.tunnelDstHi, c.tunnelDstLo));
        }
        // the all-args constructor: Avro's builders are slow (validation, default copies)
        return new FlowKey(ipVersion, ByteBuffer.wrap(src), ByteBuffer.wrap(dst), swapPorts ? bPort : aPort,
                swapPorts ? aPort : bPort, protocol, vlan, vlanOuter, c.macSrc, c.macDst, tunnelType, tunnelId,
                tunnelSrc.duplicate(), tunnelDst.duplicate(), c.tunnelDepth);
    }

    private static byte[] address(int version, long hi, long lo) {
        byte[] a = new byte[version == 6 ? 16 : 4];
        putAddress(version, hi, lo, a, 0);
        return a;
    }

    private static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void putInt(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void putAddress(int version, long hi, long lo, byte[] b, int at) {
        if (version == 6) {
            for (int i = 0; i < 8; i++) {
                b[at + i] = (byte) (hi >>> (56 - 8 * i));
                b[at + 8 + i] = (byte) (lo >>> (56 - 8 * i));
            }
        } else {
            putInt(b, at, lo);
        }
    }
}
