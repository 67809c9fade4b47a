package io.tapflow.packet.decode;

/**
 * Remembers the ports of first IP fragments so that the later fragments of the same datagram
 * (same source, destination, protocol and IP identification) join the same flow.
 *
 * <p>Why not full reassembly: flow metrics need packets and bytes per flow, and the L4 header,
 * which the first fragment carries. Copying fragment payloads would allocate and hold memory per
 * datagram for nothing. Later fragments become packets of the flow with their own IP length,
 * payload length = their IP payload, no TCP fields and no payload prefix. A later fragment seen
 * before its first fragment (reordering) cannot be attributed and is counted as
 * {@link DecodeStatus#FRAGMENT_ORPHAN}.
 *
 * <p>Fixed size, direct-mapped on a hash of the key: a colliding datagram overwrites the older
 * entry (which is almost always finished). No allocation after construction.
 */
final class FragmentTable {
    private final int mask;
    private final long timeoutUs;
    private final long[] srcHi;
    private final long[] srcLo;
    private final long[] dstHi;
    private final long[] dstLo;
    private final long[] idProto;
    private final int[] ports;
    private final long[] seenUs;
    private final boolean[] used;

    FragmentTable(int requestedSize, long timeoutUs) {
        int size = Integer.highestOneBit(Math.max(1, requestedSize - 1)) << 1;
        this.mask = size - 1;
        this.timeoutUs = timeoutUs;
        srcHi = new long[size];
        srcLo = new long[size];
        dstHi = new long[size];
        dstLo = new long[size];
        idProto = new long[size];
        ports = new int[size];
        seenUs = new long[size];
        used = new boolean[size];
    }

    void remember(DecodedPacket p) {
        long key = (p.ipId << 8) | p.protocol;
        int i = slot(p.srcHi, p.srcLo, p.dstHi, p.dstLo, key);
        srcHi[i] = p.srcHi;
        srcLo[i] = p.srcLo;
        dstHi[i] = p.dstHi;
        dstLo[i] = p.dstLo;
        idProto[i] = key;
        ports[i] = (p.srcPort << 16) | p.dstPort;
        seenUs[i] = p.tsUs;
        used[i] = true;
    }

    /** Fills the ports of a later fragment; false when its first fragment is unknown or too old. */
    boolean recall(DecodedPacket p) {
        long key = (p.ipId << 8) | p.protocol;
        int i = slot(p.srcHi, p.srcLo, p.dstHi, p.dstLo, key);
        if (!used[i] || idProto[i] != key || srcLo[i] != p.srcLo || dstLo[i] != p.dstLo
                || srcHi[i] != p.srcHi || dstHi[i] != p.dstHi) {
            return false;
        }
        long age = p.tsUs - seenUs[i];
        if (age > timeoutUs || age < -timeoutUs) {
            used[i] = false;
            return false;
        }
        p.srcPort = ports[i] >>> 16;
        p.dstPort = ports[i] & 0xFFFF;
        seenUs[i] = p.tsUs;
        return true;
    }

    private int slot(long sHi, long sLo, long dHi, long dLo, long key) {
        long h = sHi * 0x9E3779B97F4A7C15L + sLo;
        h = h * 0x9E3779B97F4A7C15L + dHi;
        h = h * 0x9E3779B97F4A7C15L + dLo;
        h = h * 0x9E3779B97F4A7C15L + key;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return (int) h & mask;
    }
}
