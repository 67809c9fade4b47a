package io.tapflow.l7.http;

import io.tapflow.l7.L7Exchange;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Trace and span ids from the tracing headers in use (W3C, Zipkin B3, Jaeger, SkyWalking v8). */
public final class TraceIds {
    private TraceIds() {}

    /**
     * Reads the ids from header {@code kind} (lower-case name) with value {@code value} into
     * {@code e}. {@code b3Span} is the X-B3-SpanId value, if any.
     *
     * @return false when the header holds no trace id (a sampling-only b3, a malformed value)
     */
    public static boolean extract(String kind, String value, String b3Span, L7Exchange e) {
        String v = value.trim();
        switch (kind) {
            case "traceparent": {
                // version-traceid-spanid-flags
                String[] p = v.split("-");
                if (p.length < 3 || p[1].isEmpty()) {
                    return false;
                }
                e.traceId = p[1];
                e.spanId = p[2];
                return true;
            }
            case "x-b3-traceid":
                if (v.isEmpty()) {
                    return false;
                }
                e.traceId = v;
                e.spanId = b3Span;
                return true;
            case "b3": {
                // traceid-spanid[-sampled[-parentspanid]]; a lone "0", "1" or "d" only samples
                String[] p = v.split("-");
                if (p.length < 2) {
                    return false;
                }
                e.traceId = p[0];
                e.spanId = p[1];
                return true;
            }
            case "uber-trace-id": {
                // traceid:spanid:parentid:flags, sometimes URL-encoded
                String[] p = v.replace("%3A", ":").replace("%3a", ":").split(":");
                if (p.length < 2 || p[0].isEmpty()) {
                    return false;
                }
                e.traceId = p[0];
                e.spanId = p[1];
                return true;
            }
            case "sw8": {
                // sample-traceid(b64)-segmentid(b64)-spanid-service(b64)-...
                String[] p = v.split("-");
                if (p.length < 4) {
                    return false;
                }
                String trace = base64(p[1]);
                if (trace == null) {
                    return false;
                }
                e.traceId = trace;
                String segment = base64(p[2]);
                e.spanId = segment == null ? p[3] : segment + "-" + p[3];
                return true;
            }
            default:
                if (v.isEmpty()) {
                    return false;
                }
                e.traceId = v;
                return true;
        }
    }

    private static String base64(String s) {
        try {
            return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }
}
