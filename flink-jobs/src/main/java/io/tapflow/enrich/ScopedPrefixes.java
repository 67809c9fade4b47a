package io.tapflow.enrich;

import io.tapflow.schema.resource.IpPrefix;

/**
 * Values keyed by (VPC, prefix) for one address family. Single IPv4 addresses (/32, by far the
 * most numerous: every VM, pod and service address) live in one hash map keyed by VPC and
 * address, one probe per lookup; shorter prefixes (subnets, ranges) and IPv6 live in a prefix trie
 * per VPC, which therefore stays small and cache-resident.
 */
final class ScopedPrefixes<T> {
    private final boolean ipv6;
    private final LongObjectMap<PrefixTrie<T>> tries = new LongObjectMap<>();
    private final LongObjectMap<T> hosts = new LongObjectMap<>();

    ScopedPrefixes(boolean ipv6) {
        this.ipv6 = ipv6;
    }

    T get(int vpc, IpPrefix p) {
        if (isHost(p)) {
            return hosts.get(hostKey(vpc, p.hi() >>> 32));
        }
        PrefixTrie<T> t = tries.get(vpc);
        return t == null ? null : t.get(p.hi(), p.lo(), p.length());
    }

    /** Stores a value at (vpc, prefix); null removes it. */
    void put(int vpc, IpPrefix p, T value) {
        if (isHost(p)) {
            long key = hostKey(vpc, p.hi() >>> 32);
            if (value == null) {
                hosts.remove(key);
            } else {
                hosts.put(key, value);
            }
            return;
        }
        PrefixTrie<T> t = tries.get(vpc);
        if (t == null) {
            if (value == null) {
                return;
            }
            t = new PrefixTrie<>();
            tries.put(vpc, t);
        }
        t.put(p.hi(), p.lo(), p.length(), value);
    }

    /** The value bound to exactly this IPv4 address (unsigned 32-bit) in {@code vpc}; null for IPv6 tables. */
    T host(int vpc, long ip4) {
        return ipv6 ? null : hosts.get(hostKey(vpc, ip4));
    }

    /** The trie of a VPC's shorter prefixes (all prefixes for IPv6), or null. */
    PrefixTrie<T> trie(int vpc) {
        return tries.get(vpc);
    }

    int maxLength() {
        return ipv6 ? 128 : 32;
    }

    private boolean isHost(IpPrefix p) {
        return !ipv6 && p.length() == 32;
    }

    private static long hostKey(int vpc, long ip4) {
        return ((long) vpc << 32) | (ip4 & 0xffffffffL);
    }
}
