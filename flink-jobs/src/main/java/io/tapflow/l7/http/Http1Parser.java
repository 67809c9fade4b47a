package io.tapflow.l7.http;

import io.tapflow.l7.L7Anomaly;
import io.tapflow.l7.L7Config;
import io.tapflow.l7.L7Exchange;
import io.tapflow.l7.L7Pairing;
import io.tapflow.l7.L7Parser;
import io.tapflow.l7.L7Protocol;
import io.tapflow.l7.L7Segment;
import io.tapflow.l7.L7Side;
import io.tapflow.l7.Seq;

/**
 * HTTP/1.0 and 1.1 over TCP. Message boundaries are followed in each direction by sequence
 * number, not by looking for text: after a header, a Content-Length body ends at a known sequence
 * number (its bytes need not be visible, so bodies longer than the payload prefix are skipped
 * exactly); a chunked body is followed chunk by chunk while its size lines are visible. Pipelined
 * requests, several messages in one segment and a message starting mid-segment are found this way,
 * and text inside a body is never taken for a request.
 *
 * <p>When the position is lost (a size line or header beyond the payload prefix, missing segments,
 * a response without length) the direction waits for a segment that starts with a request line
 * (client) or status line (server) and continues from there.
 *
 * <p>Side modes: {@link L7Side#mark} is the sequence number of the next message start
 * ({@code AT_START}), of the end of the body or chunk ({@code BODY}, {@code CHUNK_DATA}, the
 * chunk's CRLF included), or of the next size line / trailer section.
 */
public final class Http1Parser implements L7Parser {
    static final int AT_START = 1;
    static final int BODY = 2;
    static final int CHUNK_SIZE = 3;
    static final int CHUNK_DATA = 4;
    static final int TRAILERS = 5;
    static final int UNTIL_CLOSE = 6;

    private static final int INCOMPLETE = -1;
    private static final int BAD_START = -2;
    /** A chunk-size line longer than this is not one. */
    private static final int MAX_CHUNK_LINE = 256;

    private final HttpHead head;

    public Http1Parser(L7Config config) {
        this.head = new HttpHead(config);
    }

    @Override
    public int protocol() {
        return L7Protocol.HTTP1;
    }

    @Override
    public int infer(L7Segment seg) {
        if (!seg.tcp) {
            return NO;
        }
        byte[] b = seg.buf;
        int o = seg.off;
        int n = seg.visible;
        int m = Methods.knownMethodLength(b, o, n);
        if (m > 0) {
            if (m + 1 >= n || !targetStart(b[o + m + 1])) {
                return NO;
            }
            int nl = Ascii.indexOf(b, o, o + n, (byte) '\n');
            if (nl >= 0) {
                int le = nl > o && b[nl - 1] == '\r' ? nl - 1 : nl;
                return le - o >= m + 11 && versionAt(b, le - 8) ? REQUEST : NO;
            }
            // the line goes on past the prefix: what is visible must be printable ASCII (targets are
            // percent-encoded; binary that happens to start with "GET " is not a request)
            for (int i = o + m + 1; i < o + n; i++) {
                if (b[i] < 0x21 && b[i] != ' ' || b[i] == 0x7F) {
                    return NO;
                }
            }
            return REQUEST;
        }
        if (n >= 12 && versionAt(b, o) && b[o + 8] == ' ' && digit(b[o + 9]) && digit(b[o + 10]) && digit(b[o + 11])
                && (n == 12 || b[o + 12] == ' ' || b[o + 12] == '\r' || b[o + 12] == '\n')) {
            return RESPONSE;
        }
        return NO;
    }

    private static boolean targetStart(byte c) {
        return c == '/' || c == '*' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '[';
    }

    /** "HTTP/1.0" or "HTTP/1.1" at {@code b[i]}. */
    private static boolean versionAt(byte[] b, int i) {
        return b[i] == 'H' && b[i + 1] == 'T' && b[i + 2] == 'T' && b[i + 3] == 'P' && b[i + 4] == '/'
                && b[i + 5] == '1' && b[i + 6] == '.' && (b[i + 7] == '0' || b[i + 7] == '1');
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    @Override
    public void start(L7Segment seg) {
        seg.side.resync();
        seg.side.mode = AT_START;
        seg.side.mark = seg.seq;
        L7Side other = seg.other;
        other.resync();
        if (other.atStreamStart()) {
            other.mode = AT_START;
            other.mark = other.nextSeq;
        }
    }

    @Override
    public void parse(L7Segment seg) {
        if (!seg.tcp) {
            return;
        }
        L7Side side = seg.side;
        if (seg.gap) {
            afterGap(seg, side);
        }
        int p = 0;
        while (p < seg.length) {
            switch (side.mode) {
                case L7Side.RESYNC -> {
                    if (p != 0 || !(startsMessage(seg) || (seg.visible == seg.length && startsMessagePrefix(seg)))) {
                        return;
                    }
                    side.mode = AT_START;
                    side.mark = seg.seq;
                }
                case AT_START -> {
                    p = message(seg, side, p);
                    if (p < 0) {
                        return;
                    }
                }
                case BODY, CHUNK_DATA -> {
                    int rest = Math.max(0, Seq.diff(side.mark, seg.seqAt(p)));
                    if (rest > seg.length - p) {
                        return;
                    }
                    p += rest;
                    side.mode = side.mode == BODY ? AT_START : CHUNK_SIZE;
                    side.mark = seg.seqAt(p);
                }
                case CHUNK_SIZE -> {
                    p = chunkSize(seg, side, p);
                    if (p < 0) {
                        return;
                    }
                }
                case TRAILERS -> {
                    p = trailers(seg, side, p);
                    if (p < 0) {
                        return;
                    }
                }
                default -> {
                    return; // UNTIL_CLOSE: the rest of the connection is body
                }
            }
        }
    }

    /** Bytes were lost: fine inside a body we skip anyway, else the position is lost. */
    private static void afterGap(L7Segment seg, L7Side side) {
        switch (side.mode) {
            case BODY, CHUNK_DATA -> {
                if (Seq.diff(side.mark, seg.seq) >= 0) {
                    return;
                }
            }
            case UNTIL_CLOSE, L7Side.RESYNC -> {
                return;
            }
            default -> { }
        }
        seg.anomaly(L7Anomaly.LOST_SEGMENTS);
        side.resync();
    }

    private static boolean startsMessage(L7Segment seg) {
        byte[] b = seg.buf;
        int o = seg.off;
        int n = seg.visible;
        if (seg.fromClient) {
            int m = Methods.knownMethodLength(b, o, n);
            return m > 0 && m + 1 < n && targetStart(b[o + m + 1]);
        }
        return n >= 8 && versionAt(b, o);
    }

    /** A tiny segment that could be the beginning of a start line ("HTTP/1", "GET"): worth keeping. */
    private static boolean startsMessagePrefix(L7Segment seg) {
        int n = seg.visible;
        if (n >= 8) {
            return false;
        }
        byte[] text = seg.fromClient ? null : VERSION_PREFIX;
        if (text != null) {
            return n >= 4 && same(seg.buf, seg.off, text, n);
        }
        return n >= 3 && Methods.isMethodPrefix(seg.buf, seg.off, n);
    }

    private static final byte[] VERSION_PREFIX = {'H', 'T', 'T', 'P', '/', '1', '.'};

    private static boolean same(byte[] b, int off, byte[] text, int n) {
        for (int i = 0; i < n; i++) {
            if (b[off + i] != text[i]) {
                return false;
            }
        }
        return true;
    }

    /** Parses the message header at {@code p}; returns where parsing goes on, or -1 to stop for this segment. */
    private int message(L7Segment seg, L7Side side, int p) {
        if (p >= seg.visible) {
            seg.anomaly(L7Anomaly.MESSAGE_NOT_VISIBLE);
            side.resync();
            return -1;
        }
        head.reset();
        int start = seg.off + p;
        int end = scan(seg.buf, start, seg.off + seg.visible, seg.fromClient);
        if (end == BAD_START) {
            seg.anomaly(L7Anomaly.HTTP_BAD_START_LINE);
            side.resync();
            return -1;
        }
        if (end == INCOMPLETE) {
            if (seg.stash(p)) {
                return -1; // the rest of the header comes with the next segment
            }
            if (seg.visible < seg.length) {
                seg.anomaly(L7Anomaly.HEADER_CUT_BY_PREFIX);
            }
            // use what is visible; where the header ends (and so the body) is unknown
            side.resync();
            if (seg.fromClient) {
                request(seg, side, p, seg.visible - p, false);
            } else {
                response(seg, side, p, seg.visible - p, false);
            }
            return -1;
        }
        int headerLength = end - start;
        return seg.fromClient ? request(seg, side, p, headerLength, true) : response(seg, side, p, headerLength, true);
    }

    private int request(L7Segment seg, L7Side side, int p, int headerLength, boolean complete) {
        L7Pairing pairs = seg.pairs();
        L7Exchange msg = pairs.scratch();
        msg.protocol = L7Protocol.HTTP1;
        msg.version = head.version;
        head.fillRequest(msg, L7Protocol.HTTP1);
        if (head.upgradeH2c()) {
            msg.flags |= L7Exchange.UPGRADE_H2C;
        }
        long body = head.chunked ? 0 : Math.max(head.contentLength, 0);
        msg.requestLength = headerLength + body;
        if (head.badContentLength) {
            seg.anomaly(L7Anomaly.HTTP_BAD_CONTENT_LENGTH);
        }
        pairs.request(msg, seg.timeAt(p));
        if (!complete) {
            return -1;
        }
        int next = p + headerLength;
        if (head.badContentLength) {
            side.resync();
            return -1;
        }
        if (head.chunked) {
            side.mode = CHUNK_SIZE;
            side.mark = seg.seqAt(next);
        } else if (head.contentLength > 0) {
            side.mode = BODY;
            side.mark = Seq.add(seg.seqAt(next), head.contentLength);
        } else {
            side.mode = AT_START;
            side.mark = seg.seqAt(next);
        }
        return next;
    }

    private int response(L7Segment seg, L7Side side, int p, int headerLength, boolean complete) {
        L7Pairing pairs = seg.pairs();
        int status = head.statusCode;
        int next = p + headerLength;
        if (status >= 100 && status < 200 && status != 101) {
            // informational (100 Continue, 103 Early Hints): the final response follows
            if (complete) {
                side.mode = AT_START;
                side.mark = seg.seqAt(next);
                return next;
            }
            return -1;
        }
        L7Exchange request = pairs.oldestAwaiting(L7Protocol.HTTP1);
        String requestMethod = request == null ? null : request.method;
        long ts = seg.timeAt(p);
        if (status == 101 && complete && request != null && request.has(L7Exchange.UPGRADE_H2C) && head.upgradeH2c()) {
            // RFC 7540 §3.2: the upgrade request is stream 1 of the HTTP/2 connection that follows
            request.protocol = L7Protocol.HTTP2;
            request.version = "2";
            request.key = 1;
            seg.switchTo(L7Protocol.HTTP2, next);
            return -1;
        }
        L7Exchange msg = pairs.scratch();
        msg.protocol = L7Protocol.HTTP1;
        msg.version = head.version;
        head.fillResponse(msg);
        msg.responseLength = headerLength + Math.max(head.contentLength, 0);
        if (head.badContentLength) {
            seg.anomaly(L7Anomaly.HTTP_BAD_CONTENT_LENGTH);
        }
        pairs.response(request, msg, ts, true);
        if (status == 101 || ("CONNECT".equals(requestMethod) && status >= 200 && status < 300)) {
            // WebSocket or a tunnel: what follows is not HTTP
            seg.session.opaque = true;
            return -1;
        }
        if (!complete) {
            return -1;
        }
        boolean noBody = "HEAD".equals(requestMethod) || status == 204 || status == 304;
        if (head.badContentLength && !noBody) {
            side.resync();
            return -1;
        }
        if (noBody || (!head.chunked && head.contentLength == 0)) {
            side.mode = AT_START;
            side.mark = seg.seqAt(next);
        } else if (head.chunked) {
            side.mode = CHUNK_SIZE;
            side.mark = seg.seqAt(next);
        } else if (head.contentLength > 0) {
            side.mode = BODY;
            side.mark = Seq.add(seg.seqAt(next), head.contentLength);
        } else {
            side.mode = UNTIL_CLOSE;
        }
        return next;
    }

    /**
     * Reads the start line and header lines in {@code b[start .. end)} into {@link #head}.
     *
     * @return the index after the empty line that ends the header, {@link #INCOMPLETE} when it is not
     *     within {@code end}, {@link #BAD_START} when the start line is not HTTP/1
     */
    private int scan(byte[] b, int start, int end, boolean request) {
        int nl = Ascii.indexOf(b, start, end, (byte) '\n');
        int lineEnd = nl < 0 ? end : (nl > start && b[nl - 1] == '\r' ? nl - 1 : nl);
        if (request) {
            int m = Methods.knownMethodLength(b, start, lineEnd - start);
            if (m == 0) {
                return BAD_START;
            }
            head.method = Methods.of(b, start, m);
            int target = start + m + 1;
            int targetEnd = lineEnd;
            if (nl >= 0) {
                if (lineEnd - 9 < target || b[lineEnd - 9] != ' ' || !versionAt(b, lineEnd - 8)) {
                    return BAD_START;
                }
                head.version = b[lineEnd - 1] == '0' ? "1.0" : "1.1";
                targetEnd = lineEnd - 9;
            }
            head.set(HttpHead.TARGET, b, target, targetEnd - target);
        } else {
            if (lineEnd - start < 12) {
                if (nl >= 0) {
                    return BAD_START; // a whole line too short for "HTTP/1.1 200"
                }
                if (end - start >= 8) {
                    if (!versionAt(b, start)) {
                        return BAD_START;
                    }
                    head.version = b[start + 7] == '0' ? "1.0" : "1.1";
                }
                return INCOMPLETE;
            }
            if (!versionAt(b, start) || b[start + 8] != ' ' || !digit(b[start + 9]) || !digit(b[start + 10])
                    || !digit(b[start + 11])) {
                return BAD_START;
            }
            head.version = b[start + 7] == '0' ? "1.0" : "1.1";
            head.statusCode = (b[start + 9] - '0') * 100 + (b[start + 10] - '0') * 10 + (b[start + 11] - '0');
        }
        if (nl < 0) {
            return INCOMPLETE;
        }
        int pos = nl + 1;
        while (true) {
            nl = Ascii.indexOf(b, pos, end, (byte) '\n');
            if (nl < 0) {
                return INCOMPLETE;
            }
            int le = nl > pos && b[nl - 1] == '\r' ? nl - 1 : nl;
            if (le == pos) {
                return nl + 1;
            }
            int colon = Ascii.indexOf(b, pos, le, (byte) ':');
            if (colon > pos) {
                int ne = colon;
                while (ne > pos && (b[ne - 1] == ' ' || b[ne - 1] == '\t')) {
                    ne--;
                }
                int vs = colon + 1;
                int ve = le;
                while (vs < ve && (b[vs] == ' ' || b[vs] == '\t')) {
                    vs++;
                }
                while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
                    ve--;
                }
                head.header(b, pos, ne - pos, b, vs, ve - vs);
            }
            pos = nl + 1;
        }
    }

    /** A chunk-size line at {@code p}: hex size, optional extensions, CRLF. */
    private static int chunkSize(L7Segment seg, L7Side side, int p) {
        if (p >= seg.visible) {
            seg.anomaly(L7Anomaly.HEADER_CUT_BY_PREFIX);
            side.resync();
            return -1;
        }
        byte[] b = seg.buf;
        int start = seg.off + p;
        int end = seg.off + seg.visible;
        int nl = Ascii.indexOf(b, start, Math.min(end, start + MAX_CHUNK_LINE), (byte) '\n');
        if (nl < 0) {
            if (end - start < MAX_CHUNK_LINE && seg.stash(p)) {
                return -1;
            }
            seg.anomaly(end - start >= MAX_CHUNK_LINE ? L7Anomaly.HTTP_BAD_CHUNK : L7Anomaly.HEADER_CUT_BY_PREFIX);
            side.resync();
            return -1;
        }
        int le = nl > start && b[nl - 1] == '\r' ? nl - 1 : nl;
        int next = nl + 1 - seg.off;
        if (le == start) {
            return next; // a stray CRLF before the size line: tolerated
        }
        long size = 0;
        int i = start;
        for (; i < le; i++) {
            int d = Character.digit(b[i], 16);
            if (d < 0) {
                break;
            }
            size = size << 4 | d;
            if (i - start >= 15) {
                size = -1;
                break;
            }
        }
        if (i == start || size < 0 || (i < le && b[i] != ';' && b[i] != ' ' && b[i] != '\t')) {
            seg.anomaly(L7Anomaly.HTTP_BAD_CHUNK);
            side.resync();
            return -1;
        }
        if (size == 0) {
            side.mode = TRAILERS;
            side.mark = seg.seqAt(next);
        } else {
            side.mode = CHUNK_DATA;
            side.mark = Seq.add(seg.seqAt(next), size + 2);
        }
        return next;
    }

    /** The trailer section after the last chunk: header lines up to an empty line. */
    private static int trailers(L7Segment seg, L7Side side, int p) {
        if (p >= seg.visible) {
            seg.anomaly(L7Anomaly.HEADER_CUT_BY_PREFIX);
            side.resync();
            return -1;
        }
        byte[] b = seg.buf;
        int pos = seg.off + p;
        int end = seg.off + seg.visible;
        while (true) {
            int nl = Ascii.indexOf(b, pos, end, (byte) '\n');
            if (nl < 0) {
                if (!seg.stash(p)) {
                    if (seg.visible < seg.length) {
                        seg.anomaly(L7Anomaly.HEADER_CUT_BY_PREFIX);
                    }
                    side.resync();
                }
                return -1;
            }
            int le = nl > pos && b[nl - 1] == '\r' ? nl - 1 : nl;
            boolean empty = le == pos;
            pos = nl + 1;
            if (empty) {
                side.mode = AT_START;
                int next = pos - seg.off;
                side.mark = seg.seqAt(next);
                return next;
            }
        }
    }
}
