package io.tapflow.l7.http2;

import io.tapflow.l7.L7Anomaly;
import io.tapflow.l7.L7Config;
import io.tapflow.l7.L7Exchange;
import io.tapflow.l7.L7Pairing;
import io.tapflow.l7.L7Parser;
import io.tapflow.l7.L7Protocol;
import io.tapflow.l7.L7Segment;
import io.tapflow.l7.L7Side;
import io.tapflow.l7.Seq;
import io.tapflow.l7.http.HttpHead;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/2 over cleartext TCP (prior knowledge, or h2c after an HTTP/1.1 upgrade) and gRPC on it.
 * Frames are followed by sequence number in each direction, so frames bigger than the payload
 * prefix are skipped exactly; HEADERS, CONTINUATION and PUSH_PROMISE blocks are HPACK-decoded with
 * the direction's dynamic table (every block is decoded, even when its fields are not needed, so
 * the table stays in step). Requests pair with responses by stream id; a gRPC exchange ends with
 * the server's END_STREAM (its grpc-status trailer), other exchanges with the response headers.
 *
 * <p>What the payload prefix limits: a frame header or header block beyond the prefix cannot be
 * read. A block cut by the prefix is decoded as far as it goes and the direction's table is then
 * marked broken (references into it are no longer trusted, static and literal fields still are); a
 * frame header beyond the prefix loses the framing until a segment starts with a plausible frame.
 * Raise the agent's payload prefix for busy HTTP/2 connections.
 *
 * <p>Side modes: {@code FRAME} (a frame header at {@link L7Side#mark}), {@code IN_FRAME} (skip to
 * {@link L7Side#mark}). {@link L7Side#aux} is the stream of a header block waiting for CONTINUATION.
 */
public final class Http2Parser implements L7Parser {
    static final int FRAME = 1;
    static final int IN_FRAME = 2;

    static final int DATA = 0;
    static final int HEADERS = 1;
    static final int PRIORITY = 2;
    static final int RST_STREAM = 3;
    static final int SETTINGS = 4;
    static final int PUSH_PROMISE = 5;
    static final int PING = 6;
    static final int GOAWAY = 7;
    static final int WINDOW_UPDATE = 8;
    static final int CONTINUATION = 9;

    static final int END_STREAM = 0x1;
    static final int ACK = 0x1;
    static final int END_HEADERS = 0x4;
    static final int PADDED = 0x8;
    static final int PRIORITY_FLAG = 0x20;

    /** Frames longer than this are not believed when looking for framing (SETTINGS_MAX_FRAME_SIZE rarely exceeds it). */
    private static final int PLAUSIBLE_FRAME = 1 << 20;
    private static final int BLOCK_CUT = 1 << 16;
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final L7Config config;
    private final HttpHead head;
    private final HpackDecoder hpack = new HpackDecoder();

    public Http2Parser(L7Config config) {
        this.config = config;
        this.head = new HttpHead(config);
    }

    @Override
    public int protocol() {
        return L7Protocol.HTTP2;
    }

    @Override
    public int infer(L7Segment seg) {
        if (!seg.tcp) {
            return NO;
        }
        if (seg.visible >= 16 && prefaceAt(seg, 0, Math.min(seg.visible, PREFACE.length))) {
            return REQUEST;
        }
        int chain = chain(seg);
        return chain < 0 ? NO : chain;
    }

    @Override
    public void start(L7Segment seg) {
        boolean connectionStart = seg.visible >= 16 && prefaceAt(seg, 0, Math.min(seg.visible, PREFACE.length));
        begin(seg, connectionStart, connectionStart && seg.other.atStreamStart());
    }

    @Override
    public void takeOver(L7Segment seg) {
        // after 101 Switching Protocols the client's next byte is its connection preface
        begin(seg, true, seg.other.seqKnown);
    }

    /**
     * This side has a frame (or the preface) at the segment's first byte. At the start of the
     * connection the other side's first byte is a frame too and both tables start empty; joined
     * mid-way, the tables are unknown.
     */
    private static void begin(L7Segment seg, boolean connectionStart, boolean otherAtFrame) {
        L7Side side = seg.side;
        L7Side other = seg.other;
        side.resync();
        side.mode = FRAME;
        side.mark = seg.seq;
        other.resync();
        if (otherAtFrame) {
            other.mode = FRAME;
            other.mark = other.nextSeq;
        }
        side.hpack = new HpackTable();
        other.hpack = new HpackTable();
        side.hpack.broken = !connectionStart;
        other.hpack.broken = !connectionStart;
    }

    @Override
    public void parse(L7Segment seg) {
        if (!seg.tcp) {
            return;
        }
        L7Side side = seg.side;
        if (side.hpack == null) {
            side.hpack = new HpackTable();
            side.hpack.broken = true;
        }
        if (seg.gap) {
            afterGap(seg, side);
        }
        int p = 0;
        while (p < seg.length) {
            switch (side.mode) {
                case L7Side.RESYNC -> {
                    if (p != 0 || chain(seg) < 0) {
                        return;
                    }
                    side.mode = FRAME;
                    side.mark = seg.seq;
                }
                case IN_FRAME -> {
                    int rest = Math.max(0, Seq.diff(side.mark, seg.seqAt(p)));
                    if (rest > seg.length - p) {
                        return;
                    }
                    p += rest;
                    side.mode = FRAME;
                    side.mark = seg.seqAt(p);
                }
                case FRAME -> {
                    p = frame(seg, side, p);
                    if (p < 0) {
                        return;
                    }
                }
                default -> {
                    side.resync();
                    return;
                }
            }
        }
    }

    private static void afterGap(L7Segment seg, L7Side side) {
        if (side.mode == L7Side.RESYNC || (side.mode == IN_FRAME && Seq.diff(side.mark, seg.seq) >= 0)) {
            return;
        }
        seg.anomaly(L7Anomaly.LOST_SEGMENTS);
        lostFraming(seg, side);
    }

    /**
     * The framing of this side is lost until a segment starts with a plausible frame. What was
     * missed may have changed the side's HPACK table, and the server's END_STREAM of answered
     * exchanges (their gRPC trailers) may be among the missed frames: those are written now, without
     * a final status, rather than held until they are pushed out.
     */
    private static void lostFraming(L7Segment seg, L7Side side) {
        side.resync();
        if (side.hpack != null) {
            side.hpack.broken = true;
        }
        if (!seg.fromClient) {
            seg.pairs().completeAnswered(L7Protocol.HTTP2);
        }
    }

    /** One frame at {@code p}; returns the offset after it, or -1 to stop for this segment. */
    private int frame(L7Segment seg, L7Side side, int p) {
        int visible = seg.visible;
        if (seg.fromClient && p < visible && seg.u8(p) == 'P') {
            int n = Math.min(PREFACE.length, visible - p);
            if (prefaceAt(seg, p, n)) {
                if (n == PREFACE.length || visible < seg.length) {
                    return advance(seg, side, p + PREFACE.length);
                }
                if (seg.stash(p)) {
                    return -1;
                }
            }
        }
        if (p + 9 > visible) {
            if (visible == seg.length && seg.stash(p)) {
                return -1;
            }
            seg.anomaly(L7Anomaly.HEADER_CUT_BY_PREFIX);
            lostFraming(seg, side);
            return -1;
        }
        int length = seg.u8(p) << 16 | seg.u16(p + 1);
        int type = seg.u8(p + 3);
        int flags = seg.u8(p + 4);
        int stream = (seg.u16(p + 5) << 16 | seg.u16(p + 7)) & 0x7FFFFFFF;
        int frameEnd = p + 9 + length;
        if (side.aux != 0 && type != CONTINUATION) {
            // a header block must be continued by CONTINUATION frames only
            seg.anomaly(L7Anomaly.HTTP2_BAD_FRAME);
            side.aux = 0;
            side.blockLength = 0;
            side.hpack.broken = true;
        }
        switch (type) {
            case HEADERS, PUSH_PROMISE, CONTINUATION -> {
                boolean cut = frameEnd > visible;
                if (cut && visible == seg.length && 9 + length <= config.maxHeaderBytes() && seg.stash(p)) {
                    return -1; // the rest of the frame comes with the next segment
                }
                headerFrame(seg, side, p, type, flags, stream, length);
            }
            case DATA -> data(seg, stream, flags, length);
            case RST_STREAM -> reset(seg, stream, p);
            default -> { }
        }
        return advance(seg, side, frameEnd);
    }

    private static int advance(L7Segment seg, L7Side side, int next) {
        side.mark = seg.seqAt(next);
        side.mode = next > seg.length ? IN_FRAME : FRAME;
        return next;
    }

    private void headerFrame(L7Segment seg, L7Side side, int p, int type, int flags, int stream, int length) {
        int visible = seg.visible;
        int start = p + 9;
        int end = start + length;
        if (stream == 0) {
            seg.anomaly(L7Anomaly.HTTP2_BAD_FRAME);
            return;
        }
        if (type != CONTINUATION) {
            int pad = 0;
            if ((flags & PADDED) != 0) {
                if (start >= visible) {
                    cutBlock(seg, side);
                    return;
                }
                pad = seg.u8(start);
                start++;
            }
            if (type == HEADERS && (flags & PRIORITY_FLAG) != 0) {
                start += 5;
            }
            if (type == PUSH_PROMISE) {
                start += 4;
            }
            end -= pad;
            if (end < start) {
                seg.anomaly(L7Anomaly.HTTP2_BAD_FRAME);
                side.hpack.broken = true;
                return;
            }
        } else if (side.aux != stream) {
            seg.anomaly(L7Anomaly.HTTP2_BAD_FRAME);
            side.aux = 0;
            side.blockLength = 0;
            side.hpack.broken = true;
            return;
        }
        boolean cut = end > visible;
        int visibleEnd = Math.min(end, visible);
        if (type != CONTINUATION && (flags & END_HEADERS) != 0) {
            block(seg, side, seg.buf, seg.off + start, seg.off + Math.max(start, visibleEnd), !cut, type, flags, stream,
                    seg.timeAt(p), length);
            return;
        }
        if (type != CONTINUATION) {
            side.aux = stream;
            side.blockInfo = type | flags << 8;
            side.blockTs = seg.timeAt(p);
            side.blockLength = 0;
        }
        int n = Math.max(0, visibleEnd - start);
        if (side.blockLength + n > config.maxHeaderBytes()) {
            seg.anomaly(L7Anomaly.HEADER_TOO_LARGE);
            n = Math.max(0, config.maxHeaderBytes() - side.blockLength);
            cut = true;
        }
        if (n > 0) {
            if (side.block == null || side.block.length < side.blockLength + n) {
                byte[] grown = new byte[Math.min(config.maxHeaderBytes(), Math.max(side.blockLength + n, 256) * 2)];
                if (side.block != null) {
                    System.arraycopy(side.block, 0, grown, 0, side.blockLength);
                }
                side.block = grown;
            }
            System.arraycopy(seg.buf, seg.off + start, side.block, side.blockLength, n);
            side.blockLength += n;
        }
        if (cut) {
            side.blockInfo |= BLOCK_CUT;
        }
        if ((flags & END_HEADERS) != 0) {
            int info = side.blockInfo;
            side.aux = 0;
            int blockLength = side.blockLength;
            side.blockLength = 0;
            block(seg, side, side.block, 0, blockLength, (info & BLOCK_CUT) == 0, info & 0xFF, (info >>> 8) & 0xFF,
                    stream, side.blockTs, blockLength);
        }
    }

    private static void cutBlock(L7Segment seg, L7Side side) {
        seg.anomaly(L7Anomaly.HEADER_CUT_BY_PREFIX);
        side.hpack.broken = true;
    }

    /** A whole header block (or the visible part of it): decode, then act on it. */
    private void block(L7Segment seg, L7Side side, byte[] b, int from, int to, boolean complete, int type, int flags,
                       int stream, long ts, int length) {
        head.reset();
        int r = hpack.decode(side.hpack, b, from, to, complete, head, config.maxHpackTableBytes());
        if ((r & HpackDecoder.BAD) != 0) {
            seg.anomaly(L7Anomaly.HPACK_BAD_BLOCK);
        }
        if ((r & HpackDecoder.DESYNC) != 0) {
            seg.anomaly(L7Anomaly.HPACK_DESYNC);
        }
        if (!complete) {
            cutBlock(seg, side);
        }
        if (type == PUSH_PROMISE) {
            return; // decoded only to keep the table in step
        }
        headers(seg, stream, (flags & END_STREAM) != 0, ts, length);
    }

    private void headers(L7Segment seg, int stream, boolean endStream, long ts, int length) {
        L7Pairing pairs = seg.pairs();
        L7Exchange slot = pairs.byKey(L7Protocol.HTTP2, stream);
        if (seg.fromClient) {
            if (slot != null || (stream & 1) == 0) {
                return; // request trailers, or not a client-initiated stream
            }
            L7Exchange msg = pairs.scratch();
            msg.protocol = L7Protocol.HTTP2;
            msg.version = "2";
            msg.key = stream;
            head.fillRequest(msg, L7Protocol.HTTP2);
            msg.requestLength = length;
            pairs.request(msg, ts);
            return;
        }
        if (slot == null) {
            if (head.hasStatus() && (head.statusCode < 100 || head.statusCode >= 200)) {
                // the request was not seen (capture began mid-connection, or its block was unreadable)
                L7Exchange msg = pairs.scratch();
                msg.protocol = L7Protocol.HTTP2;
                msg.version = "2";
                msg.key = stream;
                head.fillResponse(msg);
                msg.responseLength = length;
                pairs.response(null, msg, ts, true);
            }
            return;
        }
        if (slot.has(L7Exchange.RESPONSE)) {
            // trailers: the final status of a gRPC call
            int g = head.grpcStatus();
            if (g >= 0) {
                slot.grpcStatus = g;
            }
            slot.responseLength += length;
            pairs.complete(slot);
            return;
        }
        if (head.hasStatus() && head.statusCode >= 100 && head.statusCode < 200) {
            return; // informational
        }
        L7Exchange msg = pairs.scratch();
        msg.protocol = L7Protocol.HTTP2;
        msg.version = "2";
        msg.key = stream;
        head.fillResponse(msg);
        msg.responseLength = length;
        boolean grpc = slot.has(L7Exchange.GRPC) || head.isGrpc();
        pairs.response(slot, msg, ts, endStream || !grpc);
    }

    private static void data(L7Segment seg, int stream, int flags, int length) {
        if (stream == 0) {
            return;
        }
        L7Pairing pairs = seg.pairs();
        L7Exchange slot = pairs.byKey(L7Protocol.HTTP2, stream);
        if (slot == null) {
            return;
        }
        if (seg.fromClient) {
            slot.requestLength += length;
        } else if (slot.has(L7Exchange.RESPONSE)) {
            slot.responseLength += length;
            if ((flags & END_STREAM) != 0) {
                pairs.complete(slot);
            }
        }
    }

    private static void reset(L7Segment seg, int stream, int p) {
        L7Pairing pairs = seg.pairs();
        L7Exchange slot = pairs.byKey(L7Protocol.HTTP2, stream);
        if (slot != null) {
            pairs.reset(slot, !seg.fromClient, seg.timeAt(p));
        }
    }

    private static boolean prefaceAt(L7Segment seg, int p, int n) {
        for (int i = 0; i < n; i++) {
            if (seg.buf[seg.off + p + i] != PREFACE[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the segment starts with a plausible run of frames (every visible frame header obeys
     * the framing rules, and the run ends where the segment ends or beyond what is visible).
     *
     * @return -1 if not; else {@link #REQUEST} or {@link #RESPONSE} when a HEADERS frame shows
     *     whose first field is a request or response pseudo-header, else 0
     */
    static int chain(L7Segment seg) {
        int p = 0;
        int frames = 0;
        int role = 0;
        while (p + 9 <= seg.visible && p < seg.length) {
            int length = seg.u8(p) << 16 | seg.u16(p + 1);
            int type = seg.u8(p + 3);
            int flags = seg.u8(p + 4);
            if ((seg.u8(p + 5) & 0x80) != 0) {
                return -1;
            }
            int stream = (seg.u16(p + 5) << 16 | seg.u16(p + 7)) & 0x7FFFFFFF;
            if (!plausible(type, flags, length, stream)) {
                return -1;
            }
            if (type == HEADERS && role == 0) {
                role = firstFieldRole(seg, p + 9, flags, Math.min(p + 9 + length, seg.visible));
            }
            frames++;
            p += 9 + length;
        }
        if (frames == 0 || (p < seg.length && p + 9 <= seg.visible)) {
            return -1;
        }
        return role;
    }

    private static boolean plausible(int type, int flags, int length, int stream) {
        if (length > PLAUSIBLE_FRAME) {
            return false;
        }
        return switch (type) {
            case DATA -> stream != 0 && (flags & ~0x09) == 0;
            case HEADERS -> stream != 0 && (flags & ~0x2D) == 0;
            case PRIORITY -> stream != 0 && length == 5 && flags == 0;
            case RST_STREAM -> stream != 0 && length == 4 && flags == 0;
            case SETTINGS -> stream == 0 && length % 6 == 0 && (flags & ~ACK) == 0 && ((flags & ACK) == 0 || length == 0);
            case PUSH_PROMISE -> stream != 0 && (flags & ~0x0C) == 0 && length >= 4;
            case PING -> stream == 0 && length == 8 && (flags & ~ACK) == 0;
            case GOAWAY -> stream == 0 && length >= 8 && flags == 0;
            case WINDOW_UPDATE -> length == 4 && flags == 0;
            case CONTINUATION -> stream != 0 && (flags & ~END_HEADERS) == 0;
            default -> false;
        };
    }

    /** REQUEST / RESPONSE from the static index of a header block's first field, 0 when it does not tell. */
    private static int firstFieldRole(L7Segment seg, int p, int flags, int end) {
        if ((flags & PADDED) != 0) {
            p++;
        }
        if ((flags & PRIORITY_FLAG) != 0) {
            p += 5;
        }
        if (p >= end) {
            return 0;
        }
        int c = seg.u8(p);
        int index;
        if ((c & 0x80) != 0) {
            index = c & 0x7F;
        } else if ((c & 0xC0) == 0x40) {
            index = c & 0x3F;
        } else if ((c & 0xE0) == 0) {
            index = c & 0x0F;
        } else {
            return 0;
        }
        if (index >= 1 && index <= 7) {
            return REQUEST;
        }
        if (index >= 8 && index <= 14) {
            return RESPONSE;
        }
        return 0;
    }
}
