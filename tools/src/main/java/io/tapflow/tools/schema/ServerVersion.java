package io.tapflow.tools.schema;

/**
 * A ClickHouse server version and what it implies for the DDL. The line is drawn at 21.8 (an LTS
 * release that has every feature the modern rendering uses: DateTime64, IPv4/IPv6, LowCardinality
 * without the experimental flag, DoubleDelta/ZSTD codecs, TTL with ttl_only_drop_parts,
 * non_replicated_deduplication_window, ADD COLUMN IF NOT EXISTS); anything older gets the legacy
 * rendering, which 18.16 — the oldest server tapflow supports — accepts.
 */
public record ServerVersion(int major, int minor, String text) {

    static final ServerVersion MODERN_FLOOR = new ServerVersion(21, 8, "21.8");

    /** Parses the answer of {@code SELECT version()}, e.g. {@code 18.16.1} or {@code 24.3.2.23}. */
    public static ServerVersion parse(String version) {
        String v = version.trim();
        String[] parts = v.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a ClickHouse version: '" + v + "'");
        }
        try {
            return new ServerVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a ClickHouse version: '" + v + "'", e);
        }
    }

    public boolean atLeast(ServerVersion other) {
        return major > other.major || (major == other.major && minor >= other.minor);
    }

    /** The single-node rendering this server accepts. */
    public RenderTarget singleNodeTarget() {
        return atLeast(MODERN_FLOOR) ? RenderTarget.MODERN : RenderTarget.LEGACY;
    }
}
