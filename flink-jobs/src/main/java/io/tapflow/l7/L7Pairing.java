package io.tapflow.l7;

import io.tapflow.schema.L7FlowLog;
import java.util.function.Consumer;

/**
 * Pairs requests with responses in a flow's bounded in-flight buffer (part-3 §3.6): HTTP/1 in
 * order (the oldest unanswered request takes the next response), HTTP/2 by stream id, DNS by
 * transaction id. A full buffer pushes its oldest request out as a timeout (FIFO); the end of the
 * flow times out what is left. Counts requests, responses, errors, timeouts and response times
 * into {@link L7Session#counters}, and writes a record for every finished exchange.
 *
 * <p>Slots returned by {@link #request}, {@link #byKey} and {@link #oldestAwaiting} stay valid
 * until the next call that may finish an exchange.
 */
public final class L7Pairing {
    /** Record type: request without a response. */
    public static final int TYPE_REQUEST = 0;
    /** Record type: response without a seen request. */
    public static final int TYPE_RESPONSE = 1;
    /** Record type: request and response paired. */
    public static final int TYPE_SESSION = 2;

    private final L7Config config;
    private final L7AnomalyCounters anomalies;
    private final L7RecordWriter writer;
    private final L7Exchange scratch = new L7Exchange();
    private L7Session s;
    private Consumer<L7FlowLog> out;

    L7Pairing(L7Config config, L7AnomalyCounters anomalies, L7RecordWriter writer) {
        this.config = config;
        this.anomalies = anomalies;
        this.writer = writer;
    }

    void bind(L7Session session, Consumer<L7FlowLog> output) {
        this.s = session;
        this.out = output;
    }

    /** A cleared exchange for a parser to fill (the same object every time). */
    public L7Exchange scratch() {
        scratch.clear();
        return scratch;
    }

    /**
     * A request began at {@code ts}: copies {@code msg} into the in-flight buffer, pushing the oldest
     * exchange out first when the buffer is full.
     *
     * @return the in-flight slot
     */
    public L7Exchange request(L7Exchange msg, long ts) {
        s.counters.request++;
        int capacity = config.maxInFlight();
        if (s.inFlight == null || s.inFlight.length < capacity) {
            L7Exchange[] grown = new L7Exchange[capacity];
            if (s.inFlight != null) {
                System.arraycopy(s.inFlight, 0, grown, 0, s.inFlight.length);
            }
            s.inFlight = grown;
        }
        while (s.inFlightCount >= capacity) {
            anomalies.count(L7Anomaly.IN_FLIGHT_OVERFLOW);
            finish(0, ts);
        }
        L7Exchange slot = s.inFlight[s.inFlightCount];
        if (slot == null) {
            slot = new L7Exchange();
            s.inFlight[s.inFlightCount] = slot;
        }
        slot.copyFrom(msg);
        slot.flags |= L7Exchange.REQUEST;
        slot.requestTs = ts;
        s.inFlightCount++;
        return slot;
    }

    /** The oldest in-flight request of {@code protocol} still waiting for its response, or null. */
    public L7Exchange oldestAwaiting(int protocol) {
        for (int i = 0; i < s.inFlightCount; i++) {
            L7Exchange e = s.inFlight[i];
            if (e.protocol == protocol && !e.has(L7Exchange.RESPONSE)) {
                return e;
            }
        }
        return null;
    }

    /** The oldest in-flight exchange of {@code protocol} with this key, or null. */
    public L7Exchange byKey(int protocol, long key) {
        for (int i = 0; i < s.inFlightCount; i++) {
            L7Exchange e = s.inFlight[i];
            if (e.protocol == protocol && e.key == key) {
                return e;
            }
        }
        return null;
    }

    /**
     * A response began at {@code ts}. With its request ({@code slot}) it is paired and the response
     * time measured; {@code complete} = false keeps the exchange open for a later final status
     * (gRPC trailers, see {@link #complete}). Without a request it is written alone (type 1).
     */
    public void response(L7Exchange slot, L7Exchange msg, long ts, boolean complete) {
        s.counters.response++;
        msg.responseTs = ts;
        if (slot == null) {
            anomalies.count(L7Anomaly.UNPAIRED_RESPONSE);
            msg.flags |= L7Exchange.RESPONSE;
            emit(msg, TYPE_RESPONSE, ts);
            return;
        }
        slot.mergeResponse(msg);
        long rrt = ts - slot.requestTs;
        if (rrt >= 0 && rrt <= config.rrtCapUs(slot.protocol)) {
            s.counters.rrt(rrt);
        }
        if (complete) {
            complete(slot);
        }
    }

    /** The exchange in {@code slot} is over (its final status is known): writes it and frees the slot. */
    public void complete(L7Exchange slot) {
        int i = indexOf(slot);
        if (i >= 0) {
            finish(i, slot.responseTs);
        }
    }

    /** The stream of {@code slot} was reset before its response: written as an error, not a timeout. */
    public void reset(L7Exchange slot, boolean byServer, long ts) {
        int i = indexOf(slot);
        if (i < 0) {
            return;
        }
        if (slot.has(L7Exchange.RESPONSE)) {
            finish(i, ts);
            return;
        }
        slot.flags |= L7Exchange.RESET | (byServer ? L7Exchange.RESET_BY_SERVER : 0);
        finish(i, ts);
    }

    /**
     * Writes every in-flight exchange of {@code protocol} that has its response and only waits for
     * its end (the final status of a gRPC call): used when the end can no longer be seen.
     */
    public void completeAnswered(int protocol) {
        for (int i = 0; i < s.inFlightCount; ) {
            L7Exchange e = s.inFlight[i];
            if (e.protocol == protocol && e.has(L7Exchange.RESPONSE)) {
                finish(i, e.responseTs);
            } else {
                i++;
            }
        }
    }

    /** Times out every exchange still waiting and writes the ones that have their response. */
    void flowEnd(long ts) {
        while (s.inFlightCount > 0) {
            finish(0, ts);
        }
    }

    private int indexOf(L7Exchange slot) {
        for (int i = 0; i < s.inFlightCount; i++) {
            if (s.inFlight[i] == slot) {
                return i;
            }
        }
        return -1;
    }

    /** Writes in-flight exchange {@code i} (a timeout at {@code ts} if it has no response) and removes it. */
    private void finish(int i, long ts) {
        L7Exchange e = s.inFlight[i];
        emit(e, e.has(L7Exchange.RESPONSE) ? TYPE_SESSION : TYPE_REQUEST, ts);
        System.arraycopy(s.inFlight, i + 1, s.inFlight, i, s.inFlightCount - i - 1);
        s.inFlightCount--;
        s.inFlight[s.inFlightCount] = e;
    }

    private void emit(L7Exchange e, int type, long endTs) {
        int status = responseStatus(e, type);
        if (type == TYPE_REQUEST && !e.has(L7Exchange.RESET)) {
            s.counters.timeout++;
        } else if (status == 4) {
            s.counters.clientError++;
        } else if (status == 3) {
            s.counters.serverError++;
        }
        out.accept(writer.write(e, s.flowId, type, status, endTs, config));
    }

    /**
     * The record's response_status: 0 normal, 1 error not attributed to a side, 2 timeout, 3 server
     * error, 4 client error. HTTP: 4XX = 4, 5XX = 3, else a non-zero grpc-status = 3. DNS: rcode 1
     * or 3 = 4, any other non-zero rcode = 3 (part-3 §3.6). A stream reset before the response: 3
     * when the server reset it, 1 when the client did.
     */
    static int responseStatus(L7Exchange e, int type) {
        if (type == TYPE_REQUEST) {
            if (e.has(L7Exchange.RESET)) {
                return e.has(L7Exchange.RESET_BY_SERVER) ? 3 : 1;
            }
            return 2;
        }
        if (e.protocol == L7Protocol.DNS) {
            return switch (e.answerCode) {
                case 0 -> 0;
                case 1, 3 -> 4;
                default -> 3;
            };
        }
        if (e.statusCode >= 400 && e.statusCode < 500) {
            return 4;
        }
        if (e.statusCode >= 500 && e.statusCode < 600) {
            return 3;
        }
        return e.grpcStatus > 0 ? 3 : 0;
    }
}
