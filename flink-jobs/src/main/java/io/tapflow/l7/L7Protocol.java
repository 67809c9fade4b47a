package io.tapflow.l7;

/**
 * Application-protocol codes written to {@code l7_protocol} of the L4 and L7 records: the
 * manual's v6.1 numbering, one family per 20 codes (part-6 §3.4), so that versions and variants
 * of a family can be added without renumbering.
 */
public final class L7Protocol {
    /** No payload seen yet (or the flow is not TCP/UDP): nothing was parsed. */
    public static final int UNKNOWN = 0;
    /** Payload seen, but no parser recognised it within the inference budget: the flow stays L4-only. */
    public static final int OTHER = 1;
    public static final int HTTP1 = 20;
    /** HTTP/2, including gRPC (gRPC is HTTP/2 with {@code content-type: application/grpc}). */
    public static final int HTTP2 = 21;
    public static final int DUBBO = 40;
    public static final int MYSQL = 60;
    public static final int REDIS = 80;
    public static final int KAFKA = 100;
    public static final int DNS = 120;

    private L7Protocol() {}

    /** A short lower-case name for logs, metrics and configuration ("http1", "dns", ...). */
    public static String name(int code) {
        return switch (code) {
            case UNKNOWN -> "unknown";
            case OTHER -> "other";
            case HTTP1 -> "http1";
            case HTTP2 -> "http2";
            case DUBBO -> "dubbo";
            case MYSQL -> "mysql";
            case REDIS -> "redis";
            case KAFKA -> "kafka";
            case DNS -> "dns";
            default -> "l7-" + code;
        };
    }

    /** The code for a name accepted by {@link #name} (case-insensitive; "http" means HTTP/1). */
    public static int of(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "http", "http1" -> HTTP1;
            case "http2", "grpc" -> HTTP2;
            case "dns" -> DNS;
            case "dubbo" -> DUBBO;
            case "mysql" -> MYSQL;
            case "redis" -> REDIS;
            case "kafka" -> KAFKA;
            default -> throw new IllegalArgumentException("unknown application protocol '" + name
                    + "' (known: http1, http2, grpc, dns)");
        };
    }
}
