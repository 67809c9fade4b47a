package io.tapflow.packet.batch;

import io.tapflow.packet.decode.DecodedPacket;

/**
 * Suppresses the second copy of a packet seen twice on a mirror port (switch SPAN of both the
 * ingress and egress side, two taps on one path).
 *
 * <p>Two packets are copies when they agree on addresses, ports, protocol, IP id, IP length,
 * fragment offset, TCP seq/ack/flags/window and the L4 checksum (which covers the payload), and the
 * second comes within {@code windowUs} of the first. TTL, MACs, VLAN and tunnel are ignored: they
 * are exactly what differs between two mirror copies of one packet.
 *
 * <p>Default window 1 ms: mirror copies arrive within microseconds (at worst a congested SPAN port
 * delays one by a few hundred µs), while a genuine resend of identical bytes comes much later — a
 * TCP retransmission waits an RTO (≥ 200 ms on Linux) or a fast-retransmit round trip and, over
 * IPv4, carries a new IP id; a DNS retry waits ≥ 1 s. A longer window would start eating
 * fast retransmissions inside a datacenter.
 *
 * <p>Fixed memory: a direct-mapped table of fingerprints (default 65 536 slots, enough for the
 * packets of 1 ms at tens of Mpps); a collision forgets the older fingerprint, which can only let a
 * duplicate through, never drop a distinct packet (a 64-bit fingerprint collision aside).
 */
public final class DuplicateFilter {
    public static final long DEFAULT_WINDOW_US = 1_000;
    public static final int DEFAULT_TABLE_SIZE = 1 << 16;

    private final long windowUs;
    private final long[] fingerprints;
    private final long[] seenUs;
    private final int mask;
    private long duplicates;

    public DuplicateFilter() {
        this(DEFAULT_WINDOW_US, DEFAULT_TABLE_SIZE);
    }

    public DuplicateFilter(long windowUs, int tableSize) {
        if (windowUs <= 0) {
            throw new IllegalArgumentException("dedup window must be > 0 µs, got " + windowUs);
        }
        if (tableSize < 16 || tableSize > (1 << 26)) {
            throw new IllegalArgumentException("dedup table size must be 16..67108864, got " + tableSize);
        }
        int size = Integer.highestOneBit(tableSize - 1) << 1;
        this.windowUs = windowUs;
        this.fingerprints = new long[size];
        this.seenUs = new long[size];
        this.mask = size - 1;
    }

    /** True when {@code p} is a copy of a packet seen within the window (and counts it). */
    public boolean isDuplicate(DecodedPacket p) {
        long fp = fingerprint(p);
        int i = (int) (fp ^ (fp >>> 32)) & mask;
        long now = p.tsUs();
        if (fingerprints[i] == fp) {
            long age = now - seenUs[i];
            if (age >= 0 && age <= windowUs) {
                duplicates++;
                return true;
            }
        }
        fingerprints[i] = fp;
        seenUs[i] = now;
        return false;
    }

    public long duplicates() {
        return duplicates;
    }

    public long windowUs() {
        return windowUs;
    }

    private static long fingerprint(DecodedPacket p) {
        long h = step(0x243F6A8885A308D3L, p.srcHi());
        h = step(h, p.srcLo());
        h = step(h, p.dstHi());
        h = step(h, p.dstLo());
        h = step(h, ((long) p.srcPort() << 48) | ((long) p.dstPort() << 32) | ((long) p.protocol() << 24)
                | ((long) p.ipVersion() << 16) | p.l4Checksum());
        h = step(h, (p.ipId() << 32) | ((long) p.ipLength() << 16) | p.fragmentOffset() >>> 3);
        h = step(h, (p.seq() << 32) | p.ack());
        h = step(h, ((long) p.tcpFlags() << 16) | p.window());
        return h == 0 ? 1 : h;
    }

    private static long step(long h, long v) {
        h ^= v;
        h *= 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }
}
