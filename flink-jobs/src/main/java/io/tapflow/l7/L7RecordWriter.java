package io.tapflow.l7;

import io.tapflow.schema.L7FlowLog;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

/**
 * Turns a finished {@link L7Exchange} into an {@link L7FlowLog}. Sets the L7 columns and
 * {@code flow_id}; the flow's identity (agent, tap, addresses, ports, protocol) and resource tags
 * are left at their empty values for the caller, which knows the flow, to fill. Built with the
 * no-arg constructor and setters rather than the Avro builder, which deep-copies every default.
 */
public final class L7RecordWriter {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();
    private static final List<Integer> NONE = Collections.emptyList();

    /**
     * @param type {@link L7Pairing#TYPE_REQUEST}, {@link L7Pairing#TYPE_RESPONSE} or {@link L7Pairing#TYPE_SESSION}
     * @param endTs when a request without response was given up (type 0)
     */
    public L7FlowLog write(L7Exchange e, long flowId, int type, int responseStatus, long endTs, L7Config config) {
        L7FlowLog r = new L7FlowLog();
        long start = type == L7Pairing.TYPE_RESPONSE ? e.responseTs : e.requestTs;
        long end = type == L7Pairing.TYPE_REQUEST ? Math.max(endTs, start) : e.responseTs;
        r.setTime(Math.floorDiv(start, 1_000_000L));
        r.setStartTime(instant(start));
        r.setEndTime(instant(end));
        r.setFlowId(flowId);
        r.setL7Protocol(e.protocol);
        r.setVersion(str(e.version));
        r.setType(type);
        r.setResponseStatus(responseStatus);
        long duration = 0;
        if (type == L7Pairing.TYPE_SESSION) {
            duration = Math.min(Math.max(0, e.responseTs - e.requestTs), config.rrtCapUs(e.protocol));
        }
        r.setDuration(duration);
        r.setMethod(str(e.method));
        r.setHost(str(e.host));
        r.setPath(str(e.path));
        r.setEndpoint(str(e.endpoint));
        r.setStatusCode(e.statusCode);
        r.setGrpcStatus(e.grpcStatus);
        r.setStreamId(e.protocol == L7Protocol.HTTP2 ? e.key : 0);
        r.setContentLength(e.has(L7Exchange.RESPONSE) ? e.responseContentLength : e.requestContentLength);
        r.setClientIp(str(e.clientIp));
        r.setRequestId(str(e.requestId));
        r.setTraceId(str(e.traceId));
        r.setSpanId(str(e.spanId));
        r.setDnsId(e.dnsId);
        r.setDomainName(str(e.domainName));
        r.setQueryType(e.queryType);
        r.setAnswerCode(e.has(L7Exchange.RESPONSE) ? e.answerCode : 0);
        r.setAnswerAddr(str(e.answerAddr));
        r.setRequestLength(e.requestLength);
        r.setResponseLength(e.has(L7Exchange.RESPONSE) ? e.responseLength : 0);
        // the flow's identity: the caller fills these
        r.setAgentId("");
        r.setTapPortName("");
        r.setTapSide("");
        r.setIp60(EMPTY);
        r.setIp61(EMPTY);
        r.setGroupIds0(NONE);
        r.setBusinessIds0(NONE);
        r.setProvince0("");
        r.setGroupIds1(NONE);
        r.setBusinessIds1(NONE);
        r.setProvince1("");
        return r;
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
