package io.tapflow.l7;

/**
 * One application exchange: a request, its response, or both. Parsers fill a scratch exchange
 * ({@link L7Pairing#scratch()}) with the fields they found; the pairing keeps requests in the
 * flow's in-flight buffer until their response, and the record writer turns a finished exchange
 * into an {@code L7FlowLog}. A Flink POJO (it lives in {@link L7Session#inFlight}); null strings
 * mean "absent".
 */
public class L7Exchange {
    /** A request was seen. */
    public static final int REQUEST = 1;
    /** A response was seen. */
    public static final int RESPONSE = 2;
    /** gRPC: the final status comes in trailers, so the exchange ends with the server's stream. */
    public static final int GRPC = 4;
    /** HTTP/1 request asking to upgrade to h2c. */
    public static final int UPGRADE_H2C = 8;
    /** The stream was reset before any response (HTTP/2 RST_STREAM). */
    public static final int RESET = 16;
    /** The reset came from the server. */
    public static final int RESET_BY_SERVER = 32;

    public int protocol;
    public String version;
    /** Pairing key: HTTP/2 stream id, DNS transaction id; unused for HTTP/1 (FIFO order). */
    public long key;
    public int flags;
    /** First packet of the request / of the response, µs. */
    public long requestTs;
    public long responseTs;

    public String method;
    public String host;
    public String path;
    public String endpoint;
    public String clientIp;
    public String requestId;
    public String traceId;
    public String spanId;
    public int statusCode;
    public int grpcStatus = -1;
    public long requestContentLength = -1;
    public long responseContentLength = -1;
    public long requestLength;
    public long responseLength;

    public int dnsId;
    public String domainName;
    public int queryType;
    public int answerCode;
    public String answerAddr;

    public L7Exchange() {}

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public void clear() {
        protocol = 0;
        version = null;
        key = 0;
        flags = 0;
        requestTs = responseTs = 0;
        method = host = path = endpoint = clientIp = requestId = traceId = spanId = null;
        statusCode = 0;
        grpcStatus = -1;
        requestContentLength = responseContentLength = -1;
        requestLength = responseLength = 0;
        dnsId = 0;
        domainName = null;
        queryType = 0;
        answerCode = 0;
        answerAddr = null;
    }

    /** Copies every field of {@code o}. */
    public void copyFrom(L7Exchange o) {
        protocol = o.protocol;
        version = o.version;
        key = o.key;
        flags = o.flags;
        requestTs = o.requestTs;
        responseTs = o.responseTs;
        method = o.method;
        host = o.host;
        path = o.path;
        endpoint = o.endpoint;
        clientIp = o.clientIp;
        requestId = o.requestId;
        traceId = o.traceId;
        spanId = o.spanId;
        statusCode = o.statusCode;
        grpcStatus = o.grpcStatus;
        requestContentLength = o.requestContentLength;
        responseContentLength = o.responseContentLength;
        requestLength = o.requestLength;
        responseLength = o.responseLength;
        dnsId = o.dnsId;
        domainName = o.domainName;
        queryType = o.queryType;
        answerCode = o.answerCode;
        answerAddr = o.answerAddr;
    }

    /** Takes the response-side fields of {@code r} (a parsed response) into this request. */
    void mergeResponse(L7Exchange r) {
        flags |= RESPONSE | (r.flags & GRPC);
        responseTs = r.responseTs;
        statusCode = r.statusCode;
        if (r.grpcStatus >= 0) {
            grpcStatus = r.grpcStatus;
        }
        responseContentLength = r.responseContentLength;
        responseLength = r.responseLength;
        answerCode = r.answerCode;
        answerAddr = r.answerAddr;
        if (version == null) {
            version = r.version;
        }
        if (domainName == null) {
            domainName = r.domainName;
            queryType = r.queryType;
        }
    }

    @Override
    public String toString() {
        return "L7Exchange{protocol=" + protocol + ", key=" + key + ", flags=" + flags + ", method=" + method
                + ", host=" + host + ", path=" + path + ", status=" + statusCode + ", grpc=" + grpcStatus
                + ", dnsId=" + dnsId + ", domain=" + domainName + ", qtype=" + queryType + ", rcode=" + answerCode
                + ", answers=" + answerAddr + ", requestTs=" + requestTs + ", responseTs=" + responseTs + '}';
    }
}
