package io.tapflow.metrics;

/**
 * A set of 128-bit addresses (two longs each) with open addressing, for counting distinct 4-tuples
 * (active connections) without boxing. Nearly every set holds one or a few addresses, so it starts
 * with room for four. The all-zero address (an edge row's empty peer) is kept in a flag, since
 * zero marks free slots. A Flink POJO.
 */
public class PeerSet {
    /** hi, lo pairs; both zero = free. */
    public long[] slots;
    /** Addresses in {@link #slots}, not counting the zero address. */
    public int used;
    public boolean hasZero;

    public PeerSet() {}

    public int size() {
        return used + (hasZero ? 1 : 0);
    }

    /** Adds the address; returns true when it was not there yet. */
    public boolean add(long hi, long lo) {
        if (hi == 0 && lo == 0) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if (slots == null) {
            slots = new long[8];
        } else if ((used + 1) * 8 > slots.length * 3) { // room for slots.length / 2 entries; keep the load under 3/4
            grow();
        }
        if (insert(slots, hi, lo)) {
            used++;
            return true;
        }
        return false;
    }

    public boolean contains(long hi, long lo) {
        if (hi == 0 && lo == 0) {
            return hasZero;
        }
        if (slots == null) {
            return false;
        }
        int mask = slots.length / 2 - 1;
        for (int i = index(hi, lo, mask); ; i = (i + 1) & mask) {
            long h = slots[2 * i];
            long l = slots[2 * i + 1];
            if (h == 0 && l == 0) {
                return false;
            }
            if (h == hi && l == lo) {
                return true;
            }
        }
    }

    /** Adds every address of {@code other}. */
    public void addAll(PeerSet other) {
        if (other == null) {
            return;
        }
        if (other.hasZero) {
            hasZero = true;
        }
        if (other.slots != null) {
            for (int i = 0; i < other.slots.length; i += 2) {
                if (other.slots[i] != 0 || other.slots[i + 1] != 0) {
                    add(other.slots[i], other.slots[i + 1]);
                }
            }
        }
    }

    public PeerSet copy() {
        PeerSet c = new PeerSet();
        c.slots = slots == null ? null : slots.clone();
        c.used = used;
        c.hasZero = hasZero;
        return c;
    }

    private static boolean insert(long[] table, long hi, long lo) {
        int mask = table.length / 2 - 1;
        for (int i = index(hi, lo, mask); ; i = (i + 1) & mask) {
            long h = table[2 * i];
            long l = table[2 * i + 1];
            if (h == 0 && l == 0) {
                table[2 * i] = hi;
                table[2 * i + 1] = lo;
                return true;
            }
            if (h == hi && l == lo) {
                return false;
            }
        }
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0 || old[i + 1] != 0) {
                insert(slots, old[i], old[i + 1]);
            }
        }
    }

    private static int index(long hi, long lo, int mask) {
        long x = hi * 0x9E3779B97F4A7C15L ^ lo;
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 29;
        return (int) x & mask;
    }
}
