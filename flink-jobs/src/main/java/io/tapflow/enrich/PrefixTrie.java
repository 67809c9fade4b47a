package io.tapflow.enrich;

import java.util.Arrays;

/**
 * Binary trie over prefixes of up to 128 bits, in parallel int arrays (no node objects): one bit
 * per level, which keeps incremental inserts and deletes trivial and a lookup at one array read
 * per bit. Each node may carry a payload; {@link #walk} lists the payload-carrying nodes on an
 * address's path, shortest prefix first, into a caller-owned array (no allocation per lookup).
 * Keys are {@link IpPrefix} halves: IPv4 left-aligned in {@code hi}. Not thread-safe.
 */
final class PrefixTrie<T> {
    private static final int NONE = 0; // node 0 is the root, never a child, so 0 can mean "no child"

    private int[] zero = new int[16];
    private int[] one = new int[16];
    private int[] parent = new int[16];
    private Object[] payload = new Object[16];
    private int used = 1; // the root
    private int freeHead = NONE; // freed nodes, chained through zero[]
    private int payloads;

    /** Payload-carrying nodes on the path of {@code (hi, lo)} up to {@code maxDepth} bits, shortest first; returns the count. */
    int walk(long hi, long lo, int maxDepth, int[] out) {
        int n = 0;
        int node = 0;
        if (payload[0] != null) {
            out[n++] = 0;
        }
        for (int depth = 0; depth < maxDepth; depth++) {
            int next = bit(hi, lo, depth) == 0 ? zero[node] : one[node];
            if (next == NONE) {
                break;
            }
            node = next;
            if (payload[node] != null) {
                out[n++] = node;
            }
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    T payload(int node) {
        return (T) payload[node];
    }

    /** The payload stored exactly at the prefix, or null. */
    T get(long hi, long lo, int length) {
        int node = find(hi, lo, length);
        return node < 0 ? null : payload(node);
    }

    /** Stores {@code value} at the prefix (null removes it and prunes empty branches). */
    void put(long hi, long lo, int length, T value) {
        if (value == null) {
            remove(hi, lo, length);
            return;
        }
        int node = 0;
        for (int depth = 0; depth < length; depth++) {
            boolean isOne = bit(hi, lo, depth) != 0;
            int next = isOne ? one[node] : zero[node];
            if (next == NONE) {
                next = allocate(node);
                if (isOne) {
                    one[node] = next;
                } else {
                    zero[node] = next;
                }
            }
            node = next;
        }
        if (payload[node] == null) {
            payloads++;
        }
        payload[node] = value;
    }

    int size() {
        return payloads;
    }

    private void remove(long hi, long lo, int length) {
        int node = find(hi, lo, length);
        if (node < 0 || payload[node] == null) {
            return;
        }
        payload[node] = null;
        payloads--;
        // prune now-useless nodes bottom-up so churn (pods coming and going) does not grow the arrays
        while (node != 0 && payload[node] == null && zero[node] == NONE && one[node] == NONE) {
            int up = parent[node];
            if (zero[up] == node) {
                zero[up] = NONE;
            } else {
                one[up] = NONE;
            }
            zero[node] = freeHead;
            freeHead = node;
            node = up;
        }
    }

    private int find(long hi, long lo, int length) {
        int node = 0;
        for (int depth = 0; depth < length; depth++) {
            node = bit(hi, lo, depth) == 0 ? zero[node] : one[node];
            if (node == NONE) {
                return -1;
            }
        }
        return node;
    }

    private int allocate(int up) {
        int node;
        if (freeHead != NONE) {
            node = freeHead;
            freeHead = zero[node];
        } else {
            if (used == zero.length) {
                int cap = used * 2;
                zero = Arrays.copyOf(zero, cap);
                one = Arrays.copyOf(one, cap);
                parent = Arrays.copyOf(parent, cap);
                payload = Arrays.copyOf(payload, cap);
            }
            node = used++;
        }
        zero[node] = NONE;
        one[node] = NONE;
        parent[node] = up;
        payload[node] = null;
        return node;
    }

    private static int bit(long hi, long lo, int depth) {
        return depth < 64 ? (int) (hi >>> (63 - depth)) & 1 : (int) (lo >>> (127 - depth)) & 1;
    }
}
