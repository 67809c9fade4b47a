package io.tapflow.l7.http2;

/**
 * An HPACK dynamic table (RFC 7541 §2.3.2, §4) for one direction of an HTTP/2 connection, as a Flink
 * POJO: entries are packed oldest first in one byte array ({@code [name length:2][value length:2]
 * [name][value]}), {@link #starts} holds each entry's offset. Index 0 is the newest entry.
 *
 * <p>{@link #broken} means insertions were missed (a header block cut by the payload prefix, a
 * connection joined mid-way, a peer using more table than {@link io.tapflow.l7.L7Config#maxHpackTableBytes()}):
 * references into the table are then not trusted until the peer empties it (size update to 0).
 */
public class HpackTable {
    /** The size every HTTP/2 connection starts with (SETTINGS_HEADER_TABLE_SIZE default). */
    public static final int DEFAULT_SIZE = 4096;
    private static final int ENTRY_OVERHEAD = 32;

    public byte[] data;
    public int used;
    public int[] starts;
    public int count;
    /** HPACK size: sum of (name + value + 32) over the entries. */
    public int size;
    /** Current maximum size, set by the encoder's size updates. */
    public int maxSize = DEFAULT_SIZE;
    public boolean broken;

    public HpackTable() {}

    public int nameOffset(int index) {
        return starts[count - 1 - index] + 4;
    }

    public int nameLength(int index) {
        int s = starts[count - 1 - index];
        return (data[s] & 0xFF) << 8 | (data[s + 1] & 0xFF);
    }

    public int valueOffset(int index) {
        return nameOffset(index) + nameLength(index);
    }

    public int valueLength(int index) {
        int s = starts[count - 1 - index];
        return (data[s + 2] & 0xFF) << 8 | (data[s + 3] & 0xFF);
    }

    /**
     * Adds an entry, evicting the oldest ones to make room (an entry larger than the table empties
     * it). {@code cap} is the most this engine keeps; a peer that needs more marks the table broken.
     */
    public void insert(byte[] nb, int no, int nl, byte[] vb, int vo, int vl, int cap) {
        if (nb == data || vb == data) {
            // the name (or value) is an entry of this table that eviction may move: copy it first
            byte[] n = new byte[nl];
            System.arraycopy(nb, no, n, 0, nl);
            byte[] v = new byte[vl];
            System.arraycopy(vb, vo, v, 0, vl);
            nb = n;
            no = 0;
            vb = v;
            vo = 0;
        }
        int entrySize = nl + vl + ENTRY_OVERHEAD;
        if (entrySize > maxSize) {
            clear();
            return;
        }
        evictTo(maxSize - entrySize);
        if (size + entrySize > cap) {
            broken = true;
            clear();
            return;
        }
        int bytes = 4 + nl + vl;
        if (data == null || used + bytes > data.length) {
            byte[] grown = new byte[Math.max(Math.max(256, used + bytes), data == null ? 0 : data.length * 2)];
            if (data != null) {
                System.arraycopy(data, 0, grown, 0, used);
            }
            data = grown;
        }
        if (starts == null || count == starts.length) {
            int[] grown = new int[starts == null ? 16 : starts.length * 2];
            if (starts != null) {
                System.arraycopy(starts, 0, grown, 0, count);
            }
            starts = grown;
        }
        starts[count++] = used;
        data[used] = (byte) (nl >>> 8);
        data[used + 1] = (byte) nl;
        data[used + 2] = (byte) (vl >>> 8);
        data[used + 3] = (byte) vl;
        System.arraycopy(nb, no, data, used + 4, nl);
        System.arraycopy(vb, vo, data, used + 4 + nl, vl);
        used += bytes;
        size += entrySize;
    }

    /** A dynamic table size update from the encoder. */
    public void resize(int newMax) {
        maxSize = newMax;
        evictTo(newMax);
        if (newMax == 0 || count == 0) {
            // empty on both ends: whatever was missed no longer matters
            broken = false;
        }
    }

    private void evictTo(int target) {
        int k = 0;
        int freed = 0;
        while (k < count && size - freed > target) {
            int s = starts[k];
            int nl = (data[s] & 0xFF) << 8 | (data[s + 1] & 0xFF);
            int vl = (data[s + 2] & 0xFF) << 8 | (data[s + 3] & 0xFF);
            freed += nl + vl + ENTRY_OVERHEAD;
            k++;
        }
        if (k == 0) {
            return;
        }
        if (k == count) {
            clear();
            return;
        }
        int shift = starts[k];
        System.arraycopy(data, shift, data, 0, used - shift);
        used -= shift;
        for (int i = k; i < count; i++) {
            starts[i - k] = starts[i] - shift;
        }
        count -= k;
        size -= freed;
    }

    private void clear() {
        used = 0;
        count = 0;
        size = 0;
    }
}
