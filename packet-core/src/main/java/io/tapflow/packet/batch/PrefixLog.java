package io.tapflow.packet.batch;

/**
 * An append-only ring of payload-prefix bytes shared by the builders of one batcher.
 *
 * <p>Why: a flow's pending batch lives up to the flush interval while thousands of other flows
 * get packets; copying each prefix into its own builder's array writes to memory long gone from
 * the cache. Appending every prefix to one ring writes sequentially (cheap), and each builder keeps
 * only the positions; {@link PacketBatchBuilder#build} copies the bytes out once per batch.
 *
 * <p>Positions are absolute (they only grow); the ring keeps every byte from
 * {@link #retainFrom(long)} on and grows (doubling) rather than overwrite a byte still retained.
 * Not thread-safe.
 */
public final class PrefixLog {
    private byte[] ring;
    private int mask;
    private long position;
    private long retainFrom;

    /** @param initialCapacity rounded up to a power of two */
    public PrefixLog(int initialCapacity) {
        int capacity = Integer.highestOneBit(Math.max(64, initialCapacity) - 1) << 1;
        this.ring = new byte[capacity];
        this.mask = capacity - 1;
    }

    /** Position the next append will get. */
    public long position() {
        return position;
    }

    /** Bytes before {@code from} are no longer needed; from {@code from} on they are. */
    public void retainFrom(long from) {
        this.retainFrom = from;
    }

    /** Forgets everything (nothing retained). */
    public void clear() {
        position = 0;
        retainFrom = 0;
    }

    /** Bytes the ring holds now (its memory footprint). */
    public int capacity() {
        return ring.length;
    }

    /** Appends {@code src[offset, offset + length)}; returns its position. */
    public long append(byte[] src, int offset, int length) {
        long at = position;
        if (at + length - ring.length > retainFrom) {
            grow(at + length - retainFrom);
        }
        int i = (int) at & mask;
        int first = Math.min(length, ring.length - i);
        System.arraycopy(src, offset, ring, i, first);
        if (first < length) {
            System.arraycopy(src, offset + first, ring, 0, length - first);
        }
        position = at + length;
        return at;
    }

    /** Copies {@code length} bytes at {@code at} (which must be retained) to {@code dst}. */
    public void copy(long at, byte[] dst, int dstOffset, int length) {
        int i = (int) at & mask;
        int first = Math.min(length, ring.length - i);
        System.arraycopy(ring, i, dst, dstOffset, first);
        if (first < length) {
            System.arraycopy(ring, 0, dst, dstOffset + first, length - first);
        }
    }

    private void grow(long needed) {
        int capacity = ring.length;
        while (capacity < needed) {
            if (capacity >= 1 << 30) {
                throw new IllegalStateException("payload prefix log above 1 GiB: " + needed + " bytes retained");
            }
            capacity <<= 1;
        }
        byte[] bigger = new byte[capacity];
        int newMask = capacity - 1;
        // move the retained bytes to their slots in the bigger ring, in pieces that do not wrap
        for (long p = retainFrom; p < position; ) {
            int from = (int) p & mask;
            int to = (int) p & newMask;
            int n = (int) Math.min(position - p, Math.min(ring.length - from, capacity - to));
            System.arraycopy(ring, from, bigger, to, n);
            p += n;
        }
        ring = bigger;
        mask = newMask;
    }
}
