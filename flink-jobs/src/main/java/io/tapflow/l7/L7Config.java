package io.tapflow.l7;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Settings of the application-protocol layer. Defaults follow the manual (part-1 §2.3, part-3
 * §3.5–3.6, part-6 §5) where it gives one; every value can be changed through {@link Builder}.
 */
public final class L7Config implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Requests in flight per flow (all streams of an HTTP/2 connection together): 8, as in the manual. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 8;
    /**
     * Payload packets a flow may show before an unrecognised protocol is given up (l7_protocol 1, no
     * more inspection): 4 — enough for a TLS or SSH hello and the answer, cheap for junk.
     */
    public static final int DEFAULT_INFERENCE_PACKETS = 4;
    /**
     * Bytes a header block (HTTP/1 header, HTTP/2 HEADERS frame, DNS-over-TCP message) may span
     * across segments and still be reassembled, per direction: 4096. Only contiguous bytes the agent
     * kept can be joined, so this matters when segments are smaller than the payload prefix.
     */
    public static final int DEFAULT_MAX_HEADER_BYTES = 4096;
    /** HTTP (1 and 2) response-time cap: 1800 s (part-3 §3.5). */
    public static final Duration DEFAULT_HTTP_RRT_CAP = Duration.ofSeconds(1800);
    /** DNS response-time cap: 150 s, the Linux resolver's longest wait (part-3 §3.5). */
    public static final Duration DEFAULT_DNS_RRT_CAP = Duration.ofSeconds(150);
    /** Path segments kept in {@code path}: 0 = all. */
    public static final int DEFAULT_PATH_SEGMENTS = 0;
    /** Path segments kept in {@code endpoint}: 3, the manual's {@code http_endpoint.keep_segments}. */
    public static final int DEFAULT_ENDPOINT_SEGMENTS = 3;
    /** Trace-id headers, in priority order (the first present wins). */
    public static final List<String> DEFAULT_TRACE_HEADERS =
            List.of("traceparent", "x-b3-traceid", "b3", "uber-trace-id", "sw8");
    /** Proxy-client header: X-Forwarded-For (its first entry is the original client). */
    public static final String DEFAULT_CLIENT_IP_HEADER = "X-Forwarded-For";
    public static final String DEFAULT_REQUEST_ID_HEADER = "X-Request-Id";
    /**
     * Largest HPACK dynamic table kept per direction: 16384 bytes. HTTP/2 peers announce 4096 unless
     * configured otherwise; a peer that uses more than this cap makes later lookups unreliable and is
     * counted ({@link L7Anomaly#HPACK_DESYNC}).
     */
    public static final int DEFAULT_MAX_HPACK_TABLE_BYTES = 16384;

    private final int[] protocols;
    private final int maxInFlight;
    private final int inferencePackets;
    private final int maxHeaderBytes;
    private final long httpRrtCapUs;
    private final long dnsRrtCapUs;
    private final int pathSegments;
    private final int endpointSegments;
    private final boolean keepQueryString;
    private final int[] obfuscate;
    private final String[] traceHeaders;
    private final String clientIpHeader;
    private final String requestIdHeader;
    private final int maxHpackTableBytes;

    private L7Config(Builder b) {
        protocols = b.protocols.clone();
        maxInFlight = positive("max in-flight requests", b.maxInFlight);
        inferencePackets = positive("inference packets", b.inferencePackets);
        maxHeaderBytes = positive("max header bytes", b.maxHeaderBytes);
        httpRrtCapUs = micros(b.httpRrtCap);
        dnsRrtCapUs = micros(b.dnsRrtCap);
        if (b.pathSegments < 0 || b.endpointSegments < 0) {
            throw new IllegalArgumentException("path and endpoint segments must be >= 0 (0 = all)");
        }
        pathSegments = b.pathSegments;
        endpointSegments = b.endpointSegments;
        keepQueryString = b.keepQueryString;
        obfuscate = b.obfuscate.clone();
        traceHeaders = b.traceHeaders.stream().map(L7Config::lower).toArray(String[]::new);
        clientIpHeader = lower(b.clientIpHeader);
        requestIdHeader = lower(b.requestIdHeader);
        if (b.maxHpackTableBytes < 0 || b.maxHpackTableBytes > 65535) {
            throw new IllegalArgumentException("max HPACK table bytes must be 0..65535, got " + b.maxHpackTableBytes);
        }
        maxHpackTableBytes = b.maxHpackTableBytes;
    }

    private static int positive(String what, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + v);
        }
        return v;
    }

    private static long micros(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("latency caps must be positive, got " + d);
        }
        return d.toNanos() / 1000;
    }

    private static String lower(String s) {
        if (s == null) {
            return "";
        }
        return s.trim().toLowerCase(Locale.ROOT);
    }

    public static L7Config defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean enabled(int protocol) {
        for (int p : protocols) {
            if (p == protocol) {
                return true;
            }
        }
        return false;
    }

    public int maxInFlight() { return maxInFlight; }
    public int inferencePackets() { return inferencePackets; }
    public int maxHeaderBytes() { return maxHeaderBytes; }
    public long httpRrtCapUs() { return httpRrtCapUs; }
    public long dnsRrtCapUs() { return dnsRrtCapUs; }
    public int pathSegments() { return pathSegments; }
    public int endpointSegments() { return endpointSegments; }
    public boolean keepQueryString() { return keepQueryString; }
    /** Lower-case trace header names in priority order. */
    public String[] traceHeaders() { return traceHeaders.clone(); }
    /** Lower-case proxy-client header name; empty = not extracted. */
    public String clientIpHeader() { return clientIpHeader; }
    /** Lower-case request-id header name; empty = not extracted. */
    public String requestIdHeader() { return requestIdHeader; }
    public int maxHpackTableBytes() { return maxHpackTableBytes; }

    /** Whether values of {@code protocol} are obfuscated (see {@link Builder#obfuscate}). */
    public boolean obfuscates(int protocol) {
        for (int p : obfuscate) {
            if (p == protocol) {
                return true;
            }
        }
        return false;
    }

    /** The response-time cap of a protocol, µs. */
    public long rrtCapUs(int protocol) {
        return protocol == L7Protocol.DNS ? dnsRrtCapUs : httpRrtCapUs;
    }

    @Override
    public String toString() {
        return "L7Config{protocols=" + Arrays.toString(protocols) + ", maxInFlight=" + maxInFlight
                + ", inferencePackets=" + inferencePackets + ", maxHeaderBytes=" + maxHeaderBytes
                + ", httpRrtCapUs=" + httpRrtCapUs + ", dnsRrtCapUs=" + dnsRrtCapUs
                + ", pathSegments=" + pathSegments + ", endpointSegments=" + endpointSegments
                + ", keepQueryString=" + keepQueryString + ", obfuscate=" + Arrays.toString(obfuscate)
                + ", traceHeaders=" + Arrays.toString(traceHeaders) + ", clientIpHeader=" + clientIpHeader
                + ", requestIdHeader=" + requestIdHeader + ", maxHpackTableBytes=" + maxHpackTableBytes + '}';
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private int[] protocols = {L7Protocol.HTTP1, L7Protocol.HTTP2, L7Protocol.DNS};
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private int inferencePackets = DEFAULT_INFERENCE_PACKETS;
        private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
        private Duration httpRrtCap = DEFAULT_HTTP_RRT_CAP;
        private Duration dnsRrtCap = DEFAULT_DNS_RRT_CAP;
        private int pathSegments = DEFAULT_PATH_SEGMENTS;
        private int endpointSegments = DEFAULT_ENDPOINT_SEGMENTS;
        private boolean keepQueryString;
        private int[] obfuscate = {};
        private List<String> traceHeaders = new ArrayList<>(DEFAULT_TRACE_HEADERS);
        private String clientIpHeader = DEFAULT_CLIENT_IP_HEADER;
        private String requestIdHeader = DEFAULT_REQUEST_ID_HEADER;
        private int maxHpackTableBytes = DEFAULT_MAX_HPACK_TABLE_BYTES;

        /** Protocols the engine infers and parses (default: HTTP/1, HTTP/2 and gRPC, DNS). */
        public Builder protocols(int... codes) { protocols = codes.clone(); return this; }
        public Builder maxInFlight(int n) { maxInFlight = n; return this; }
        public Builder inferencePackets(int n) { inferencePackets = n; return this; }
        public Builder maxHeaderBytes(int n) { maxHeaderBytes = n; return this; }
        public Builder httpRrtCap(Duration d) { httpRrtCap = d; return this; }
        public Builder dnsRrtCap(Duration d) { dnsRrtCap = d; return this; }
        /** Segments of the request path kept in {@code path} (0 = all). */
        public Builder pathSegments(int n) { pathSegments = n; return this; }
        /** Segments of the request path kept in {@code endpoint} (0 = all). */
        public Builder endpointSegments(int n) { endpointSegments = n; return this; }
        /** Keep the query string in {@code path} (default false: the path stops at '?'). */
        public Builder keepQueryString(boolean keep) { keepQueryString = keep; return this; }
        /**
         * Protocols whose sensitive values are obfuscated (default none). HTTP/1 and HTTP/2: the
         * values of a kept query string become '?', and the proxy-client and request-id header
         * values become a stable hash ("obf:" + 16 hex digits) so they still group and join but do
         * not reveal the value. DNS: the answer addresses are dropped.
         */
        public Builder obfuscate(int... codes) { obfuscate = codes.clone(); return this; }
        /**
         * Trace-id headers in priority order. Known formats: traceparent (W3C), x-b3-traceid (with
         * x-b3-spanid), b3 (single header), uber-trace-id (Jaeger), sw8 (SkyWalking v8); any other
         * name takes the whole value as the trace id.
         */
        public Builder traceHeaders(List<String> names) { traceHeaders = new ArrayList<>(names); return this; }
        /** Proxy-client header (default X-Forwarded-For; empty disables). */
        public Builder clientIpHeader(String name) { clientIpHeader = name; return this; }
        /** Request-id header (default X-Request-Id; empty disables). */
        public Builder requestIdHeader(String name) { requestIdHeader = name; return this; }
        public Builder maxHpackTableBytes(int n) { maxHpackTableBytes = n; return this; }

        public L7Config build() {
            return new L7Config(this);
        }
    }
}
