package io.tapflow.gen.truth;

/**
 * One application exchange of a flow as the generator wrote it. Times are capture times at the tap
 * (µs since the epoch); {@code rrtUs} = first response packet − first request packet (the manual's
 * HTTP/DNS latency), -1 when no response was sent (a timeout).
 */
public final class L7Truth {
    /** "http" or "dns". */
    public final String protocol;
    /** HTTP: method and path ("GET /api/items"); DNS: query type and name ("A example.com"). */
    public final String request;
    /** HTTP status code, or DNS response code; -1 without response. */
    public final int status;
    public final long requestTsUs;
    public final long responseTsUs;
    public final long rrtUs;
    /** HTTP X-Request-ID (or DNS transaction id as text); null when absent. */
    public final String requestId;

    public L7Truth(String protocol, String request, int status, long requestTsUs, long responseTsUs, String requestId) {
        this.protocol = protocol;
        this.request = request;
        this.status = status;
        this.requestTsUs = requestTsUs;
        this.responseTsUs = responseTsUs;
        this.rrtUs = responseTsUs < 0 ? -1 : responseTsUs - requestTsUs;
        this.requestId = requestId;
    }

    void writeJson(Json j) {
        j.beginObject()
                .field("protocol", protocol)
                .field("request", request)
                .field("status", status)
                .field("request_ts_us", requestTsUs)
                .field("response_ts_us", responseTsUs)
                .field("rrt_us", rrtUs)
                .field("request_id", requestId)
                .endObject();
    }
}
