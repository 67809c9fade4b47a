package io.tapflow.packet.batch;

import io.tapflow.schema.PacketBatch;
import io.tapflow.schema.PayloadPrefix;
import io.tapflow.schema.TcpSynOptions;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Walks the packets of a {@link PacketBatch} without creating an object per packet: one cursor is
 * reused for every batch, {@link #next()} decodes the next row of every column into fields.
 *
 * <p>{@link #reset} checks the whole batch first (every column holds exactly packet_count entries,
 * indices in range), so a malformed batch is rejected before any of its packets is used, never
 * half-processed.
 */
public final class PacketCursor {
    private final Column tsDeltas = new Column();
    private final Column directions = new Column();
    private final Column ipLengths = new Column();
    private final Column payloadLengths = new Column();
    private final Column tcpFlags = new Column();
    private final Column seqs = new Column();
    private final Column acks = new Column();
    private final Column windows = new Column();
    private final Column ttls = new Column();

    private List<TcpSynOptions> synOptions;
    private List<PayloadPrefix> payloads;
    private int count;
    private int index;
    private int nextSyn;
    private int nextPayload;

    private long timestampUs;
    private int direction;
    private int ipLength;
    private int payloadLength;
    private int flags;
    private long seq;
    private long ack;
    private int window;
    private int ttl;
    private TcpSynOptions currentSyn;
    private ByteBuffer currentPayload;

    /** Positions the cursor before the first packet of {@code batch}, after validating it. */
    public PacketCursor reset(PacketBatch batch) throws MalformedBatchException {
        count = batch.getPacketCount();
        if (count <= 0) {
            throw new MalformedBatchException("empty_batch", "packet_count is " + count);
        }
        tsDeltas.varints(batch.getTsDeltas(), count, "ts_deltas");
        directions.fixed(batch.getDirections(), count, "directions");
        ipLengths.varints(batch.getIpLengths(), count, "ip_lengths");
        payloadLengths.varints(batch.getPayloadLengths(), count, "payload_lengths");
        tcpFlags.fixed(batch.getTcpFlags(), count, "tcp_flags");
        seqs.varints(batch.getSeqs(), count, "seqs");
        acks.varints(batch.getAcks(), count, "acks");
        windows.varints(batch.getWindows(), count, "windows");
        ttls.fixed(batch.getTtls(), count, "ttls");
        synOptions = batch.getSynOptions();
        payloads = batch.getPayloads();
        checkIndices(synOptions, "syn_options");
        checkIndices(payloads, "payloads");
        index = -1;
        nextSyn = 0;
        nextPayload = 0;
        timestampUs = batch.getBaseTsUs();
        return this;
    }

    private void checkIndices(List<?> rows, String name) throws MalformedBatchException {
        int previous = -1;
        for (int i = 0; i < rows.size(); i++) {
            Object row = rows.get(i);
            int at = row instanceof PayloadPrefix p ? p.getPacketIndex() : ((TcpSynOptions) row).getPacketIndex();
            if (at <= previous || at >= count) {
                throw new MalformedBatchException("bad_index",
                        name + "[" + i + "].packet_index " + at + " out of order or outside 0.." + (count - 1));
            }
            previous = at;
        }
    }

    public int packetCount() {
        return count;
    }

    /** Advances to the next packet; false after the last one. */
    public boolean next() {
        if (++index >= count) {
            return false;
        }
        timestampUs += tsDeltas.nextVarInt();
        direction = directions.nextByte();
        ipLength = (int) ipLengths.nextVarInt();
        payloadLength = (int) payloadLengths.nextVarInt();
        flags = tcpFlags.nextByte();
        seq = seqs.nextVarInt();
        ack = acks.nextVarInt();
        window = (int) windows.nextVarInt();
        ttl = ttls.nextByte();
        currentSyn = null;
        if (nextSyn < synOptions.size() && synOptions.get(nextSyn).getPacketIndex() == index) {
            currentSyn = synOptions.get(nextSyn++);
        }
        currentPayload = null;
        if (nextPayload < payloads.size() && payloads.get(nextPayload).getPacketIndex() == index) {
            currentPayload = payloads.get(nextPayload++).getData();
        }
        return true;
    }

    public int index() { return index; }
    /** Capture time, µs since the epoch. */
    public long timestampUs() { return timestampUs; }
    /** 0 = sent by the key's source, 1 = by the key's destination. */
    public int direction() { return direction; }
    public int ipLength() { return ipLength; }
    public int payloadLength() { return payloadLength; }
    public int tcpFlags() { return flags; }
    public long seq() { return seq; }
    public long ack() { return ack; }
    public int window() { return window; }
    public int ttl() { return ttl; }
    /** SYN options of this packet, or null. */
    public TcpSynOptions synOptions() { return currentSyn; }
    /** Payload prefix of this packet (a read-only view: do not move its position), or null. */
    public ByteBuffer payload() { return currentPayload; }

    /** One column: a heap view of the batch's bytes and a read position. */
    private static final class Column {
        private byte[] bytes;
        private int pos;
        private int end;

        void fixed(ByteBuffer buf, int count, String name) throws MalformedBatchException {
            view(buf);
            if (end - pos != count) {
                throw new MalformedBatchException("column_length",
                        name + " holds " + (end - pos) + " bytes for " + count + " packets");
            }
        }

        void varints(ByteBuffer buf, int count, String name) throws MalformedBatchException {
            view(buf);
            int ends = 0;
            int run = 0;
            for (int i = pos; i < end; i++) {
                if ((bytes[i] & 0x80) == 0) {
                    ends++;
                    run = 0;
                } else if (++run >= VarInts.MAX_LENGTH) {
                    throw new MalformedBatchException("varint_overflow", name + " has a varint longer than 10 bytes");
                }
            }
            if (ends != count || (end > pos && (bytes[end - 1] & 0x80) != 0)) {
                throw new MalformedBatchException("column_length",
                        name + " holds " + ends + " values for " + count + " packets");
            }
        }

        private void view(ByteBuffer buf) {
            if (buf.hasArray()) {
                bytes = buf.array();
                pos = buf.arrayOffset() + buf.position();
                end = buf.arrayOffset() + buf.limit();
            } else {
                bytes = new byte[buf.remaining()];
                buf.duplicate().get(bytes);
                pos = 0;
                end = bytes.length;
            }
        }

        int nextByte() {
            return bytes[pos++] & 0xFF;
        }

        long nextVarInt() {
            long value = 0;
            int shift = 0;
            byte b;
            do {
                b = bytes[pos++];
                value |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            return value;
        }
    }
}
