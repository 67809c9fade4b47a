package io.tapflow.enrich;

import java.util.Arrays;

/**
 * The claims on one exact (VPC, prefix): usually one; more while a pod's address is reused by the
 * next pod, or when two sources disagree. {@link #choose} is the rule that decides which owner a
 * flow record sees.
 */
final class ClaimSet {
    private AddressClaim[] claims = new AddressClaim[1];
    private int count;

    /**
     * The owner at event time {@code time}: among claims valid at that time, the one established at
     * the highest version. If none was valid then: when every claim began after {@code time} (a
     * record older than anything known, or clock skew between capture and the source) the newest
     * live claim; otherwise the address was vacant at that time (its owner had left and the next
     * had not come yet) and the answer is null, so a shorter prefix (the subnet) decides.
     */
    AddressClaim choose(long time) {
        AddressClaim best = null;
        AddressClaim bestLive = null;
        boolean anyBegun = false;
        for (int i = 0; i < count; i++) {
            AddressClaim c = claims[i];
            if (c.covers(time) && (best == null || c.since > best.since)) {
                best = c;
            }
            if (c.live() && (bestLive == null || c.since > bestLive.since)) {
                bestLive = c;
            }
            anyBegun |= c.validFrom <= time;
        }
        return best != null || anyBegun ? best : bestLive;
    }

    AddressClaim liveClaimOf(CatalogEntry owner) {
        for (int i = 0; i < count; i++) {
            if (claims[i].owner == owner && claims[i].live()) {
                return claims[i];
            }
        }
        return null;
    }

    void add(AddressClaim claim) {
        if (count == claims.length) {
            claims = Arrays.copyOf(claims, count * 2);
        }
        claims[count++] = claim;
    }

    void remove(AddressClaim claim) {
        for (int i = 0; i < count; i++) {
            if (claims[i] == claim) {
                System.arraycopy(claims, i + 1, claims, i, count - i - 1);
                claims[--count] = null;
                return;
            }
        }
    }

    int size() {
        return count;
    }
}
