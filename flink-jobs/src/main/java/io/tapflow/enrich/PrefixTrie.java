package io.tapflow.enrich;

import io.tapflow.schema.resource.IpPrefix;

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

    /** Children interleaved, {@code child[2n]} for bit 0 and {@code child[2n+1]} for bit 1: one cache line per step. */
    private int[] child = new int[32];
    private int[] parent = new int[16];
    private Object[] payload = new Object[16];
    private int used = 1; // the root
    private int freeHead = NONE; // freed nodes, chained through their bit-0 child slot
    private int payloads;

    /** Payload-carrying nodes on the path of {@code (hi, lo)} up to {@code maxDepth} bits, shortest first; returns the count. */
    int walk(long hi, long lo, int maxDepth, int[] out) {
        int n = 0;
        int node = 0;
        if (payload[0] != null) {
            out[n++] = 0;
        }
        for (int depth = 0; depth < maxDepth; depth++) {
            int next = child[(node << 1) | bit(hi, lo, depth)];
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
            int slot = (node << 1) | bit(hi, lo, depth);
            int next = child[slot];
            if (next == NONE) {
                next = allocate(node);
                child[slot] = next; // allocate may have grown the array: index it again
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
        while (node != 0 && payload[node] == null && child[node << 1] == NONE && child[(node << 1) | 1] == NONE) {
            int up = parent[node];
            if (child[up << 1] == node) {
                child[up << 1] = NONE;
            } else {
                child[(up << 1) | 1] = NONE;
            }
            child[node << 1] = freeHead;
            freeHead = node;
            node = up;
        }
    }

    private int find(long hi, long lo, int length) {
        int node = 0;
        for (int depth = 0; depth < length; depth++) {
            node = child[(node << 1) | bit(hi, lo, depth)];
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
            freeHead = child[node << 1];
        } else {
            if (used == parent.length) {
                int cap = used * 2;
                child = Arrays.copyOf(child, cap * 2);
                parent = Arrays.copyOf(parent, cap);
                payload = Arrays.copyOf(payload, cap);
            }
            node = used++;
        }
        child[node << 1] = NONE;
        child[(node << 1) | 1] = NONE;
        parent[node] = up;
        payload[node] = null;
        return node;
    }

    private static int bit(long hi, long lo, int depth) {
        return depth < 64 ? (int) (hi >>> (63 - depth)) & 1 : (int) (lo >>> (127 - depth)) & 1;
    }
}
