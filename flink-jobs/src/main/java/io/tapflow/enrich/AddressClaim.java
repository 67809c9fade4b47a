package io.tapflow.enrich;

/**
 * One entry's claim on one address or prefix inside one VPC, with the event-time interval it is
 * valid in: from when the entry got the address to when it lost it ({@link Long#MAX_VALUE} while
 * it still has it). Kept for a while after it ends so late flow records still find the old owner.
 */
final class AddressClaim {
    static final long OPEN = Long.MAX_VALUE;

    final CatalogEntry owner;
    /** The owner's version when the claim began: among rival claims on one address the newest wins. */
    final long since;
    final long validFrom;
    long validTo = OPEN;

    AddressClaim(CatalogEntry owner, long since, long validFrom) {
        this.owner = owner;
        this.since = since;
        this.validFrom = validFrom;
    }

    boolean live() {
        return validTo == OPEN;
    }

    boolean covers(long time) {
        return validFrom <= time && time < validTo;
    }
}
