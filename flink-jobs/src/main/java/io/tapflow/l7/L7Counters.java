package io.tapflow.l7;

/**
 * The application counters a flow contributes to an interval: the {@code l7_*} and {@code rrt_*}
 * columns of the L4 record and the application metrics (part-3 §3.5–3.6). A Flink POJO.
 *
 * <p>{@link L7Session#counters} accumulates what happened since the caller last took it; the flow
 * engine adds it into each interval it keeps (the record's, the meter second's) and clears it.
 */
public class L7Counters {
    public long request;
    public long response;
    /** HTTP 4XX; DNS rcode 1 (FormErr) or 3 (NXDomain). */
    public long clientError;
    /** HTTP 5XX; DNS any other non-zero rcode; gRPC non-zero grpc-status; server RST_STREAM before a response. */
    public long serverError;
    /** Requests without a response when the flow ended or pushed out of the in-flight buffer. */
    public long timeout;
    /** L7 response times (rrt, µs) within the protocol's cap. */
    public long rrtSum;
    public long rrtCount;
    public long rrtMax;

    public L7Counters() {}

    public void add(L7Counters o) {
        request += o.request;
        response += o.response;
        clientError += o.clientError;
        serverError += o.serverError;
        timeout += o.timeout;
        rrtSum += o.rrtSum;
        rrtCount += o.rrtCount;
        rrtMax = Math.max(rrtMax, o.rrtMax);
    }

    /** Adds these counters into {@code a} and {@code b} (either may be null), then clears them. */
    public void drainInto(L7Counters a, L7Counters b) {
        if (a != null) {
            a.add(this);
        }
        if (b != null) {
            b.add(this);
        }
        clear();
    }

    public boolean isEmpty() {
        return request == 0 && response == 0 && clientError == 0 && serverError == 0 && timeout == 0 && rrtCount == 0;
    }

    public void clear() {
        request = response = clientError = serverError = timeout = 0;
        rrtSum = rrtCount = rrtMax = 0;
    }

    void rrt(long us) {
        rrtSum += us;
        rrtCount++;
        rrtMax = Math.max(rrtMax, us);
    }

    @Override
    public String toString() {
        return "L7Counters{request=" + request + ", response=" + response + ", clientError=" + clientError
                + ", serverError=" + serverError + ", timeout=" + timeout + ", rrtSum=" + rrtSum
                + ", rrtCount=" + rrtCount + ", rrtMax=" + rrtMax + '}';
    }
}
