package io.tapflow.l7.dns;

import io.tapflow.l7.L7Anomaly;
import io.tapflow.l7.L7Config;
import io.tapflow.l7.L7Exchange;
import io.tapflow.l7.L7Pairing;
import io.tapflow.l7.L7Parser;
import io.tapflow.l7.L7Protocol;
import io.tapflow.l7.L7Segment;
import io.tapflow.l7.L7Side;
import io.tapflow.l7.Seq;
import java.nio.charset.StandardCharsets;

/**
 * DNS over UDP (one message per datagram) and TCP (messages framed by a 2-byte length, several per
 * segment or one across segments, RFC 1035 §4.2.2). Queries pair with responses by transaction id.
 * Reads the first question's name and type, the rcode and the A/AAAA answers.
 *
 * <p>Names are read with compression pointers that must point strictly before the name that uses
 * them: a loop or a forward pointer is counted ({@link L7Anomaly#DNS_COMPRESSION_LOOP}) and the
 * name dropped; the message is still paired.
 *
 * <p>TCP side modes: {@code AT_LENGTH} (a length prefix at {@link L7Side#mark}), {@code IN_MESSAGE}
 * (skip to {@link L7Side#mark}).
 */
public final class DnsParser implements L7Parser {
    static final int AT_LENGTH = 1;
    static final int IN_MESSAGE = 2;

    private static final int HEADER = 12;
    private static final int CUT = -1;
    private static final int BAD = -2;
    private static final int LOOP = -3;
    private static final int MAX_JUMPS = 64;
    private static final int TYPE_A = 1;
    private static final int TYPE_AAAA = 28;

    private final L7Config config;
    private final byte[] name = new byte[256];
    private int nameLength;
    private final StringBuilder answers = new StringBuilder(64);

    public DnsParser(L7Config config) {
        this.config = config;
    }

    @Override
    public int protocol() {
        return L7Protocol.DNS;
    }

    @Override
    public int infer(L7Segment seg) {
        if (seg.tcp) {
            if (seg.visible < 2 + HEADER) {
                return NO;
            }
            int length = seg.u16(0);
            return length < HEADER ? NO : plausible(seg, 2, length, Math.min(seg.visible, 2 + length));
        }
        return plausible(seg, 0, seg.length, seg.visible);
    }

    /**
     * A strict check that {@code start} begins a DNS message: one question with a valid name and a
     * known class, sane counts, a known opcode; a query with nothing after its question ends there.
     */
    private int plausible(L7Segment seg, int start, int length, int visibleEnd) {
        if (visibleEnd - start < HEADER) {
            return NO;
        }
        int flags = seg.u16(start + 2);
        boolean response = (flags & 0x8000) != 0;
        int opcode = (flags >>> 11) & 0xF;
        int rcode = flags & 0xF;
        int qd = seg.u16(start + 4);
        int an = seg.u16(start + 6);
        int ns = seg.u16(start + 8);
        int ar = seg.u16(start + 10);
        if (qd != 1 || an > 256 || ns > 256 || ar > 256 || (opcode != 0 && opcode != 1 && opcode != 2 && opcode != 4
                && opcode != 5) || rcode > 10 || (!response && opcode == 0 && an != 0)) {
            return NO;
        }
        int o = seg.off;
        int pos = readName(seg.buf, o + start, o + start + HEADER, o + visibleEnd, false);
        if (pos < 0 || pos + 4 > o + visibleEnd) {
            return NO;
        }
        int qclass = seg.u16(pos - o + 2) & 0x7FFF;
        if (qclass != 1 && qclass != 3 && qclass != 4 && qclass != 254 && qclass != 255) {
            return NO;
        }
        boolean whole = visibleEnd == start + length;
        if (!response && whole && an == 0 && ns == 0 && ar == 0 && pos + 4 != o + start + length) {
            return NO;
        }
        return response ? RESPONSE : REQUEST;
    }

    @Override
    public void start(L7Segment seg) {
        seg.side.resync();
        seg.other.resync();
        if (seg.tcp) {
            seg.side.mode = AT_LENGTH;
            seg.side.mark = seg.seq;
            if (seg.other.atStreamStart()) {
                seg.other.mode = AT_LENGTH;
                seg.other.mark = seg.other.nextSeq;
            }
        }
    }

    @Override
    public void parse(L7Segment seg) {
        if (!seg.tcp) {
            message(seg, 0, seg.length, seg.visible);
            return;
        }
        L7Side side = seg.side;
        if (seg.gap && side.mode != L7Side.RESYNC
                && !(side.mode == IN_MESSAGE && Seq.diff(side.mark, seg.seq) >= 0)) {
            seg.anomaly(L7Anomaly.LOST_SEGMENTS);
            side.resync();
        }
        int p = 0;
        while (p < seg.length) {
            switch (side.mode) {
                case L7Side.RESYNC -> {
                    if (p != 0 || seg.visible < 2 + HEADER || seg.u16(0) < HEADER
                            || plausible(seg, 2, seg.u16(0), Math.min(seg.visible, 2 + seg.u16(0))) == NO) {
                        return;
                    }
                    side.mode = AT_LENGTH;
                    side.mark = seg.seq;
                }
                case IN_MESSAGE -> {
                    int rest = Math.max(0, Seq.diff(side.mark, seg.seqAt(p)));
                    if (rest > seg.length - p) {
                        return;
                    }
                    p += rest;
                    side.mode = AT_LENGTH;
                    side.mark = seg.seqAt(p);
                }
                case AT_LENGTH -> {
                    p = framed(seg, side, p);
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

    /** A length-prefixed message at {@code p}; returns the offset after it, or -1 to stop. */
    private int framed(L7Segment seg, L7Side side, int p) {
        if (p + 2 > seg.visible) {
            if (seg.visible == seg.length && seg.stash(p)) {
                return -1;
            }
            seg.anomaly(L7Anomaly.MESSAGE_NOT_VISIBLE);
            side.resync();
            return -1;
        }
        int length = seg.u16(p);
        if (length < HEADER) {
            seg.anomaly(L7Anomaly.DNS_BAD_LENGTH);
            side.resync();
            return -1;
        }
        int end = p + 2 + length;
        if (end > seg.visible && seg.visible == seg.length && 2 + length <= config.maxHeaderBytes() && seg.stash(p)) {
            return -1; // the rest of the message comes with the next segment
        }
        message(seg, p + 2, length, Math.min(end, seg.visible));
        side.mark = seg.seqAt(end);
        side.mode = end > seg.length ? IN_MESSAGE : AT_LENGTH;
        return end;
    }

    /** One DNS message of {@code length} bytes at {@code start}, visible up to {@code visibleEnd}. */
    private void message(L7Segment seg, int start, int length, int visibleEnd) {
        if (visibleEnd - start < HEADER) {
            seg.anomaly(visibleEnd - start < length ? L7Anomaly.HEADER_CUT_BY_PREFIX : L7Anomaly.DNS_BAD_MESSAGE);
            return;
        }
        byte[] b = seg.buf;
        int o = seg.off;
        int msg = o + start;
        int end = o + visibleEnd;
        boolean cut = visibleEnd < start + length;
        int id = seg.u16(start);
        int flags = seg.u16(start + 2);
        boolean response = (flags & 0x8000) != 0;
        int qd = seg.u16(start + 4);
        int an = seg.u16(start + 6);
        L7Pairing pairs = seg.pairs();
        L7Exchange e = pairs.scratch();
        e.protocol = L7Protocol.DNS;
        e.key = id;
        e.dnsId = id;
        int pos = msg + HEADER;
        if (qd > 0) {
            pos = readName(b, msg, pos, end, true);
            if (pos >= 0) {
                e.domainName = new String(name, 0, nameLength, StandardCharsets.UTF_8);
                if (pos + 4 <= end) {
                    e.queryType = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
                    pos += 4;
                } else {
                    pos = CUT;
                }
            }
            if (pos < 0) {
                nameProblem(seg, pos, cut);
            }
        }
        long ts = seg.timeAt(start);
        if (!response) {
            e.requestLength = length;
            pairs.request(e, ts);
            return;
        }
        e.answerCode = flags & 0xF;
        e.responseLength = length;
        if (pos >= 0 && !config.obfuscates(L7Protocol.DNS)) {
            e.answerAddr = answers(seg, b, msg, pos, end, qd - 1, an, cut);
        }
        pairs.response(pairs.byKey(L7Protocol.DNS, id), e, ts, true);
    }

    private static void nameProblem(L7Segment seg, int code, boolean cut) {
        if (code == LOOP) {
            seg.anomaly(L7Anomaly.DNS_COMPRESSION_LOOP);
        } else if (code == CUT && cut) {
            seg.anomaly(L7Anomaly.HEADER_CUT_BY_PREFIX);
        } else {
            seg.anomaly(L7Anomaly.DNS_BAD_MESSAGE);
        }
    }

    /** The A and AAAA answers as text, comma-separated; null when there are none. */
    private String answers(L7Segment seg, byte[] b, int msg, int pos, int end, int moreQuestions, int count, boolean cut) {
        answers.setLength(0);
        for (int i = 0; i < moreQuestions && pos >= 0; i++) {
            pos = readName(b, msg, pos, end, false);
            pos = pos < 0 || pos + 4 > end ? CUT : pos + 4;
        }
        for (int i = 0; i < count && pos >= 0; i++) {
            int r = readName(b, msg, pos, end, false);
            if (r < 0 || r + 10 > end) {
                if (r < 0) {
                    nameProblem(seg, r, cut);
                } else if (!cut) {
                    seg.anomaly(L7Anomaly.DNS_BAD_MESSAGE);
                }
                break;
            }
            int type = (b[r] & 0xFF) << 8 | (b[r + 1] & 0xFF);
            int rdLength = (b[r + 8] & 0xFF) << 8 | (b[r + 9] & 0xFF);
            int rd = r + 10;
            if (rd + rdLength > end) {
                if (!cut) {
                    seg.anomaly(L7Anomaly.DNS_BAD_MESSAGE);
                }
                break;
            }
            if (type == TYPE_A && rdLength == 4) {
                separate();
                answers.append(b[rd] & 0xFF).append('.').append(b[rd + 1] & 0xFF).append('.')
                        .append(b[rd + 2] & 0xFF).append('.').append(b[rd + 3] & 0xFF);
            } else if (type == TYPE_AAAA && rdLength == 16) {
                separate();
                Ipv6Text.append(answers, b, rd);
            }
            pos = rd + rdLength;
        }
        return answers.length() == 0 ? null : answers.toString();
    }

    private void separate() {
        if (answers.length() > 0) {
            answers.append(',');
        }
    }

    /**
     * Reads the name at {@code pos} (absolute index; the message starts at {@code msg}, bytes are
     * readable up to {@code end}), into {@link #name} when {@code keep}.
     *
     * @return the index after the name where it was written (after the first pointer, if any), or
     *     {@link #CUT}, {@link #BAD} (reserved label type, name over 255 bytes, pointer into the
     *     header) or {@link #LOOP}
     */
    private int readName(byte[] b, int msg, int pos, int end, boolean keep) {
        nameLength = 0;
        int after = -1;
        int runStart = pos;
        int jumps = 0;
        int total = 0;
        while (true) {
            if (pos >= end) {
                return CUT;
            }
            int c = b[pos] & 0xFF;
            if (c == 0) {
                return after >= 0 ? after : pos + 1;
            }
            if ((c & 0xC0) == 0xC0) {
                if (pos + 1 >= end) {
                    return CUT;
                }
                int target = msg + ((c & 0x3F) << 8 | (b[pos + 1] & 0xFF));
                if (after < 0) {
                    after = pos + 2;
                }
                // a pointer must go back before the part of the name read so far: then it cannot loop
                if (target >= runStart || ++jumps > MAX_JUMPS) {
                    return LOOP;
                }
                if (target < msg + HEADER) {
                    return BAD;
                }
                pos = target;
                runStart = target;
                continue;
            }
            if ((c & 0xC0) != 0) {
                return BAD;
            }
            if (pos + 1 + c > end) {
                return CUT;
            }
            total += c + 1;
            if (total > 255) {
                return BAD;
            }
            if (keep) {
                if (nameLength > 0) {
                    name[nameLength++] = '.';
                }
                System.arraycopy(b, pos + 1, name, nameLength, c);
                nameLength += c;
            }
            pos += 1 + c;
        }
    }
}
