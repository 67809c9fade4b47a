package io.tapflow.gen.conv;

import io.tapflow.gen.truth.L7Truth;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 messages and exchanges over a {@link TcpConversation}, with their L7 truth. */
public final class Http {
    private static final byte[] BODY_FILL = new byte[1 << 16];

    static {
        for (int i = 0; i < BODY_FILL.length; i++) {
            BODY_FILL[i] = (byte) ('a' + i % 26);
        }
    }

    private Http() {}

    public static byte[] request(String method, String path, String host, String requestId, int bodyLength) {
        StringBuilder b = new StringBuilder(160)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("User-Agent: tapflow-gen/1\r\n")
                .append("Accept: */*\r\n");
        if (requestId != null) {
            b.append("X-Request-ID: ").append(requestId).append("\r\n");
        }
        if (bodyLength > 0) {
            b.append("Content-Type: application/json\r\nContent-Length: ").append(bodyLength).append("\r\n");
        }
        b.append("\r\n");
        return withBody(b, bodyLength);
    }

    public static byte[] response(int status, int bodyLength) {
        StringBuilder b = new StringBuilder(128)
                .append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Content-Type: text/plain\r\n")
                .append("Content-Length: ").append(bodyLength).append("\r\n\r\n");
        return withBody(b, bodyLength);
    }

    private static byte[] withBody(StringBuilder head, int bodyLength) {
        byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] m = new byte[h.length + bodyLength];
        System.arraycopy(h, 0, m, 0, h.length);
        for (int off = 0; off < bodyLength; off += BODY_FILL.length) {
            System.arraycopy(BODY_FILL, 0, m, h.length + off, Math.min(BODY_FILL.length, bodyLength - off));
        }
        return m;
    }

    private static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 201: return "Created";
            case 204: return "No Content";
            case 301: return "Moved Permanently";
            case 304: return "Not Modified";
            case 400: return "Bad Request";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            default: return "Status";
        }
    }

    /**
     * One request/response: the client sends the request {@code thinkUs} after it can, the server
     * acknowledges it with a pure ACK after {@code ackDelayUs} when that is ≥ 0 (srt), and answers
     * after {@code serverDelayUs} (art), and the client acknowledges the response.
     */
    public static void exchange(TcpConversation c, String method, String path, int status, int requestBody,
                                int responseBody, long thinkUs, long ackDelayUs, long serverDelayUs) {
        String requestId = "req-" + c.truth().id + "-" + c.truth().l7.size();
        c.request(request(method, path, "svc.example", requestId, requestBody), thinkUs);
        long requestTs = firstOfLast(c, true);
        if (ackDelayUs >= 0) {
            c.serverAck(ackDelayUs);
        }
        c.response(response(status, responseBody), serverDelayUs);
        long responseTs = firstOfLast(c, false);
        c.clientAck();
        c.truth().l7.add(new L7Truth("http", method + " " + path, status, requestTs, responseTs, requestId));
    }

    /**
     * {@code count} pipelined requests sent back to back, then the responses in order; art counts
     * once (last request segment → first response), rrt per request.
     */
    public static void pipelined(TcpConversation c, int count, long serverDelayUs) {
        long[] requestTs = new long[count];
        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = "pipe-" + c.truth().id + "-" + i;
            c.request(request("GET", "/pipelined/" + i, "svc.example", ids[i], 0), 0);
            requestTs[i] = firstOfLast(c, true);
        }
        for (int i = 0; i < count; i++) {
            c.response(response(200, 300 + i), i == 0 ? serverDelayUs : 40);
            c.truth().l7.add(new L7Truth("http", "GET /pipelined/" + i, 200, requestTs[i], firstOfLast(c, false), ids[i]));
        }
        c.clientAck();
    }

    /** Time of the first packet of the last message the given side sent (walks back over its segments). */
    static long firstOfLast(TcpConversation c, boolean fromClient) {
        java.util.List<io.tapflow.gen.net.Packet> ps = c.packets();
        int i = ps.size() - 1;
        while (i >= 0 && (ps.get(i).fromClient != fromClient || ps.get(i).payloadLength == 0)) {
            i--;
        }
        long t = ps.get(i).tsUs;
        // earlier segments of the same message: same sender, contiguous payload, no PSH in between
        for (int j = i - 1; j >= 0; j--) {
            io.tapflow.gen.net.Packet q = ps.get(j);
            if (q.fromClient != fromClient) {
                continue;
            }
            if (q.payloadLength == 0 || (q.tcpFlags & TcpConversation.PSH) != 0) {
                break;
            }
            t = q.tsUs;
        }
        return t;
    }
}
