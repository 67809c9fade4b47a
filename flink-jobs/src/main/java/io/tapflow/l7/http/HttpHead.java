package io.tapflow.l7.http;

import io.tapflow.l7.L7Config;
import io.tapflow.l7.L7Exchange;
import java.nio.charset.StandardCharsets;

/**
 * The header fields of one HTTP message (HTTP/1 header lines or decoded HTTP/2 fields) that the L7
 * record needs. Values are copied into one reused buffer as they are met, and turned into strings
 * only for the fields that end up in the record; other headers cost a name comparison. One
 * instance per parser, {@link #reset} per message.
 */
public final class HttpHead implements HeaderSink {
    static final int METHOD = 0;
    static final int TARGET = 1;
    static final int AUTHORITY = 2;
    static final int HOST = 3;
    static final int CLIENT_IP = 4;
    static final int REQUEST_ID = 5;
    static final int CONTENT_TYPE = 6;
    static final int GRPC_STATUS = 7;
    static final int B3_SPAN = 8;
    static final int UPGRADE = 9;
    static final int STATUS = 10;
    static final int TRACE = 11;

    private static final byte[] HOST_NAME = ascii("host");
    private static final byte[] CONTENT_LENGTH_NAME = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING_NAME = ascii("transfer-encoding");
    private static final byte[] CONTENT_TYPE_NAME = ascii("content-type");
    private static final byte[] GRPC_STATUS_NAME = ascii("grpc-status");
    private static final byte[] UPGRADE_NAME = ascii("upgrade");
    private static final byte[] B3_SPAN_NAME = ascii("x-b3-spanid");
    private static final byte[] METHOD_NAME = ascii(":method");
    private static final byte[] PATH_NAME = ascii(":path");
    private static final byte[] AUTHORITY_NAME = ascii(":authority");
    private static final byte[] STATUS_NAME = ascii(":status");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] GRPC_CONTENT_TYPE = ascii("application/grpc");
    private static final byte[] H2C = ascii("h2c");

    private final L7Config config;
    private final byte[] clientIpName;
    private final byte[] requestIdName;
    private final byte[][] traceNames;
    private final String[] traceKinds;
    private final int[] at;
    private final int[] len;
    private byte[] buf = new byte[512];
    private int used;

    /** Content-Length, -1 when absent or unusable. */
    public long contentLength;
    /** A Content-Length that is not a number, or two that disagree. */
    public boolean badContentLength;
    /** The last transfer coding is chunked. */
    public boolean chunked;
    /** HTTP/1 status code, or HTTP/2 :status once {@link #status()} is asked. */
    public int statusCode;
    /** Request method as an interned constant when it is a standard one. */
    public String method;
    /** "1.0", "1.1" or "2". */
    public String version;

    public HttpHead(L7Config config) {
        this.config = config;
        this.clientIpName = ascii(config.clientIpHeader());
        this.requestIdName = ascii(config.requestIdHeader());
        this.traceKinds = config.traceHeaders();
        this.traceNames = new byte[traceKinds.length][];
        for (int i = 0; i < traceKinds.length; i++) {
            traceNames[i] = ascii(traceKinds[i]);
        }
        this.at = new int[TRACE + traceKinds.length];
        this.len = new int[at.length];
        reset();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public void reset() {
        used = 0;
        for (int i = 0; i < at.length; i++) {
            at[i] = -1;
        }
        contentLength = -1;
        badContentLength = false;
        chunked = false;
        statusCode = 0;
        method = null;
        version = null;
    }

    /** Keeps the first value of a field (later duplicates are ignored). */
    void set(int field, byte[] b, int off, int n) {
        if (at[field] >= 0) {
            return;
        }
        if (used + n > buf.length) {
            byte[] grown = new byte[Math.max(buf.length * 2, used + n)];
            System.arraycopy(buf, 0, grown, 0, used);
            buf = grown;
        }
        System.arraycopy(b, off, buf, used, n);
        at[field] = used;
        len[field] = n;
        used += n;
    }

    boolean has(int field) {
        return at[field] >= 0;
    }

    String string(int field) {
        return at[field] < 0 ? null : new String(buf, at[field], len[field], StandardCharsets.UTF_8);
    }

    /**
     * One header field: name {@code b[no .. no+nl)} (any case), value {@code b[vo .. vo+vl)} with
     * surrounding white space already removed.
     */
    @Override
    public void header(byte[] b, int no, int nl, byte[] vb, int vo, int vl) {
        if (nl == 0) {
            return;
        }
        if (b[no] == ':') {
            pseudo(b, no, nl, vb, vo, vl);
            return;
        }
        if (eq(b, no, nl, HOST_NAME)) {
            set(HOST, vb, vo, vl);
        } else if (eq(b, no, nl, CONTENT_LENGTH_NAME)) {
            contentLength(vb, vo, vl);
        } else if (eq(b, no, nl, TRANSFER_ENCODING_NAME)) {
            chunked = endsWithToken(vb, vo, vl, CHUNKED);
        } else if (eq(b, no, nl, CONTENT_TYPE_NAME)) {
            set(CONTENT_TYPE, vb, vo, vl);
        } else if (eq(b, no, nl, GRPC_STATUS_NAME)) {
            set(GRPC_STATUS, vb, vo, vl);
        } else if (eq(b, no, nl, UPGRADE_NAME)) {
            set(UPGRADE, vb, vo, vl);
        } else if (eq(b, no, nl, B3_SPAN_NAME)) {
            set(B3_SPAN, vb, vo, vl);
        } else if (clientIpName.length > 0 && eq(b, no, nl, clientIpName)) {
            set(CLIENT_IP, vb, vo, vl);
        } else if (requestIdName.length > 0 && eq(b, no, nl, requestIdName)) {
            set(REQUEST_ID, vb, vo, vl);
        } else {
            for (int i = 0; i < traceNames.length; i++) {
                if (eq(b, no, nl, traceNames[i])) {
                    set(TRACE + i, vb, vo, vl);
                    return;
                }
            }
        }
    }

    private void pseudo(byte[] b, int no, int nl, byte[] vb, int vo, int vl) {
        if (eq(b, no, nl, METHOD_NAME)) {
            set(METHOD, vb, vo, vl);
            method = Methods.of(vb, vo, vl);
        } else if (eq(b, no, nl, PATH_NAME)) {
            set(TARGET, vb, vo, vl);
        } else if (eq(b, no, nl, AUTHORITY_NAME)) {
            set(AUTHORITY, vb, vo, vl);
        } else if (eq(b, no, nl, STATUS_NAME)) {
            set(STATUS, vb, vo, vl);
            statusCode = (int) Ascii.parseDecimal(vb, vo, vl, 999);
        }
    }

    private void contentLength(byte[] b, int off, int n) {
        long v = Ascii.parseDecimal(b, off, n, Long.MAX_VALUE / 2);
        if (v < 0 || (contentLength >= 0 && contentLength != v)) {
            badContentLength = true;
            contentLength = -1;
            return;
        }
        if (!badContentLength) {
            contentLength = v;
        }
    }

    /** Case-insensitive comparison of a name with a lower-case constant. */
    static boolean eq(byte[] b, int off, int n, byte[] lower) {
        if (n != lower.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int c = b[off + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** The comma-separated list ends with {@code token} (any case). */
    private static boolean endsWithToken(byte[] b, int off, int n, byte[] token) {
        int end = off + n;
        while (end > off && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        int start = end;
        while (start > off && b[start - 1] != ',' && b[start - 1] != ' ' && b[start - 1] != '\t') {
            start--;
        }
        return eq(b, start, end - start, token);
    }

    private boolean startsWith(int field, byte[] lowerPrefix) {
        if (at[field] < 0 || len[field] < lowerPrefix.length) {
            return false;
        }
        return eq(buf, at[field], lowerPrefix.length, lowerPrefix);
    }

    /** content-type is application/grpc (or one of its +proto / +json variants). */
    public boolean isGrpc() {
        return startsWith(CONTENT_TYPE, GRPC_CONTENT_TYPE);
    }

    /** The request asks to upgrade to HTTP/2 cleartext. */
    public boolean upgradeH2c() {
        return at[UPGRADE] >= 0 && containsToken(buf, at[UPGRADE], len[UPGRADE], H2C);
    }

    /** An Upgrade header is present (101 to something). */
    public boolean hasUpgrade() {
        return at[UPGRADE] >= 0;
    }

    public boolean hasStatus() {
        return at[STATUS] >= 0;
    }

    public boolean hasGrpcStatus() {
        return at[GRPC_STATUS] >= 0;
    }

    /** grpc-status as a number, -1 when absent or not a number. */
    public int grpcStatus() {
        if (at[GRPC_STATUS] < 0) {
            return -1;
        }
        return (int) Ascii.parseDecimal(buf, at[GRPC_STATUS], len[GRPC_STATUS], 65535);
    }

    private static boolean containsToken(byte[] b, int off, int n, byte[] token) {
        int i = off;
        int end = off + n;
        while (i < end) {
            while (i < end && (b[i] == ' ' || b[i] == ',' || b[i] == '\t')) {
                i++;
            }
            int s = i;
            while (i < end && b[i] != ',' && b[i] != ' ' && b[i] != '\t') {
                i++;
            }
            if (eq(b, s, i - s, token)) {
                return true;
            }
        }
        return false;
    }

    /** Fills the request fields of {@code e} (protocol, version and key are the caller's). */
    public void fillRequest(L7Exchange e, int protocol) {
        e.method = method != null ? method : string(METHOD);
        boolean obfuscate = config.obfuscates(protocol);
        String host = has(AUTHORITY) ? string(AUTHORITY) : string(HOST);
        if (has(TARGET)) {
            int t = at[TARGET];
            int end = t + len[TARGET];
            int pathStart = t;
            if ("CONNECT".equals(e.method)) {
                if (host == null) {
                    host = string(TARGET);
                }
                pathStart = end;
            } else {
                int scheme = Ascii.indexOf(buf, t, Math.min(end, t + 8), (byte) ':');
                if (scheme > t && scheme + 2 < end && buf[scheme + 1] == '/' && buf[scheme + 2] == '/') {
                    // absolute form (a request to a proxy): the authority is the host
                    int authority = scheme + 3;
                    int slash = authority;
                    while (slash < end && buf[slash] != '/' && buf[slash] != '?') {
                        slash++;
                    }
                    if (host == null) {
                        host = new String(buf, authority, slash - authority, StandardCharsets.UTF_8);
                    }
                    pathStart = slash;
                }
            }
            int fragment = Ascii.indexOf(buf, pathStart, end, (byte) '#');
            if (fragment >= 0) {
                end = fragment;
            }
            int query = Ascii.indexOf(buf, pathStart, end, (byte) '?');
            int pathEnd = query >= 0 ? query : end;
            int kept = Paths.segmentsEnd(buf, pathStart, pathEnd, config.pathSegments());
            String path = new String(buf, pathStart, kept - pathStart, StandardCharsets.UTF_8);
            if (config.keepQueryString() && query >= 0 && kept == pathEnd) {
                String q = new String(buf, query + 1, end - query - 1, StandardCharsets.UTF_8);
                path = path + "?" + (obfuscate ? Obfuscation.maskQuery(q) : q);
            }
            e.path = path;
            int endpointEnd = Paths.segmentsEnd(buf, pathStart, pathEnd, config.endpointSegments());
            e.endpoint = endpointEnd == kept && query < 0 ? path
                    : new String(buf, pathStart, endpointEnd - pathStart, StandardCharsets.UTF_8);
        }
        e.host = host;
        if (has(CLIENT_IP)) {
            int s = at[CLIENT_IP];
            int comma = Ascii.indexOf(buf, s, s + len[CLIENT_IP], (byte) ',');
            int end = comma >= 0 ? comma : s + len[CLIENT_IP];
            String ip = Ascii.trimmed(buf, s, end);
            e.clientIp = obfuscate ? Obfuscation.hash(ip) : ip;
        }
        if (has(REQUEST_ID)) {
            String id = string(REQUEST_ID);
            e.requestId = obfuscate ? Obfuscation.hash(id) : id;
        }
        for (int i = 0; i < traceNames.length; i++) {
            if (has(TRACE + i) && TraceIds.extract(traceKinds[i], string(TRACE + i), string(B3_SPAN), e)) {
                break;
            }
        }
        e.requestContentLength = contentLength;
        if (isGrpc()) {
            e.flags |= L7Exchange.GRPC;
        }
    }

    /** Fills the response fields of {@code e}. */
    public void fillResponse(L7Exchange e) {
        e.statusCode = statusCode;
        e.grpcStatus = grpcStatus();
        e.responseContentLength = contentLength;
        if (isGrpc()) {
            e.flags |= L7Exchange.GRPC;
        }
    }
}
