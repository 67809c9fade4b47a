package io.tapflow.packet.batch;

import io.tapflow.packet.decode.DecodedPacket;
import io.tapflow.packet.flowkey.FlowIdentity;
import io.tapflow.packet.flowkey.FlowKeys;
import java.util.Arrays;

/**
 * The agent's flow table: groups decoded packets per flow and hands a {@code PacketBatch} per flow
 * and flush to a {@link BatchSink}.
 *
 * <p>A flow's batch is flushed when it holds {@link BatcherConfig#maxPacketsPerBatch()} packets or
 * when {@link BatcherConfig#flushIntervalUs()} of packet time has passed since its first pending
 * packet (checked before each packet is added). Time is packet time: {@link #offer} advances it,
 * {@link #advanceTime} lets a live source advance it when no packets come. Direction 0 = sent by
 * the flow's first packet's source.
 *
 * <p>Entries are forgotten after a quiet period that depends on the flow: a TCP flow closed by
 * RST or by FINs both ways after {@link BatcherConfig#closedTimeoutUs()}, other TCP flows after
 * {@link BatcherConfig#idleTimeoutUs()}, non-TCP flows after {@link BatcherConfig#nonTcpIdleTimeoutUs()}
 * — so finished conversations do not fill the table. Past {@link BatcherConfig#maxFlows()} an
 * entry is evicted, closed ones first. Both flush the entry's pending batch first and are counted.
 *
 * <p>No allocation per packet once warm, and few memory touches per packet (the table slot, the
 * entry, its builder's row array): the table is open addressing over one array, entries carry
 * their identity inline ({@link FlowIdentity}), builders are pooled and held only by flows with
 * pending packets. Expiry does not reorder a list per packet: each entry sits in the queue of its
 * timeout class in the order it was (re)queued; when the head's time is up it is expired if it saw
 * no packet since, else it goes back to the tail ("second chance"), so an entry goes within one
 * more timeout of its last packet. Entries of forgotten flows are reused for new flows, so the
 * long-lived objects are allocated once; a batch allocates its columns, records and keys, which
 * die young.
 *
 * <p>Not thread-safe: one batcher per capture thread.
 */
public final class FlowBatcher {
    private static final int TCP_FIN = 0x01;
    private static final int TCP_RST = 0x04;

    private final BatcherConfig config;
    private final BatchSink sink;

    /** Open addressing, at most half full; grows up to {@link #maxCapacity} so a small table stays in cache. */
    private Flow[] slots;
    private int mask;
    private final int maxCapacity;
    private int size;

    private final IdleQueue openTcp;
    private final IdleQueue closedTcp;
    private final IdleQueue otherProtocols;

    /** Flows in the order their pending batch began; entries made stale by a size flush are skipped. */
    private Flow[] pendingFlows = new Flow[1024];
    private long[] pendingStamps = new long[1024];
    /** Time of each pending batch's first packet, so the due check does not touch cold entries. */
    private long[] pendingSince = new long[1024];
    /** Prefix log position when each pending batch began: nothing it references is older. */
    private long[] pendingLogAt = new long[1024];
    /** Payload prefixes of every pending batch, appended in arrival order (sequential writes). */
    private final PrefixLog prefixes = new PrefixLog(1 << 20);
    private int pendingHead;
    private int pendingCount;
    private long nextStamp = 1;

    private PacketBatchBuilder[] pool = new PacketBatchBuilder[64];
    private int pooled;
    /** Entries of forgotten flows, reused for new ones: long-lived objects are free for the collector. */
    private Flow[] spareFlows = new Flow[64];
    private int spares;

    private long batches;
    private long packets;
    private long flowsCreated;
    private long flowsExpired;
    private long flowsEvicted;
    private long timestampsClamped;

    public FlowBatcher(BatcherConfig config, BatchSink sink) {
        this.config = config;
        this.sink = sink;
        this.maxCapacity = Integer.highestOneBit(Math.max(2, config.maxFlows()) * 2 - 1) << 1;
        int capacity = Math.min(maxCapacity, 1 << 16);
        this.slots = new Flow[capacity];
        this.mask = capacity - 1;
        this.openTcp = new IdleQueue(config.idleTimeoutUs());
        this.closedTcp = new IdleQueue(config.closedTimeoutUs());
        this.otherProtocols = new IdleQueue(config.nonTcpIdleTimeoutUs());
    }

    public BatcherConfig config() {
        return config;
    }

    /** Adds a decoded packet (status OK) to its flow, creating the flow on its first packet. */
    public void offer(DecodedPacket p) {
        long now = p.tsUs();
        // flush what is due first, so this packet starts a new batch rather than stretching an old one
        advanceTime(now);
        boolean reversed = FlowKeys.isReversed(p);
        long hash = FlowKeys.symmetricHash(p, reversed);
        Flow flow = find(hash, p, reversed);
        if (flow == null) {
            flow = create(hash, p, reversed, now);
        }
        if (now > flow.lastSeenUs) {
            flow.lastSeenUs = now;
        }
        PacketBatchBuilder b = flow.builder;
        if (b == null) {
            b = takeBuilder();
            flow.builder = b;
            enqueuePending(flow, now);
        }
        int direction = flow.direction(reversed);
        int flags = p.tcpFlags();
        if (b.add(now, direction, p.ipLength(), p.payloadLength(), flags, p.seq(), p.ack(), p.window(), p.ttl())) {
            timestampsClamped++;
        }
        packets++;
        if (p.hasSynOptions()) {
            b.addSynOptions(p.mss(), p.windowScale(), p.sackPermitted(), p.timestamps());
        }
        int prefix = Math.min(config.payloadPrefixBytes(), p.payloadCaptured());
        if (prefix > 0 && p.fragmentOffset() == 0) {
            // the oldest pending batch began at the ring's head: keep the log from its start on
            prefixes.retainFrom(pendingLogAt[pendingHead]);
            b.addPayloadPrefix(p.payloadBuffer(), p.payloadOffset(), prefix);
        }
        if ((flags & (TCP_FIN | TCP_RST)) != 0 && flow.queue == openTcp) {
            noteClose(flow, flags, direction, now);
        }
        if (b.packetCount() >= config.maxPacketsPerBatch()) {
            flush(flow);
        }
    }

    /** RST, or FIN from both sides: the entry moves to the short closed-flow timeout. */
    private void noteClose(Flow flow, int flags, int direction, long now) {
        if ((flags & TCP_FIN) != 0) {
            flow.finDirections |= 1 << direction;
        }
        if ((flags & TCP_RST) != 0 || flow.finDirections == 3) {
            openTcp.unlink(flow);
            flow.queuedUs = now;
            closedTcp.append(flow);
        }
    }

    /** Flushes the flows whose interval is over and forgets idle flows, as of packet time {@code nowUs}. */
    public void advanceTime(long nowUs) {
        long interval = config.flushIntervalUs();
        while (pendingCount > 0) {
            if (pendingSince[pendingHead] + interval > nowUs) {
                break;
            }
            Flow flow = pendingFlows[pendingHead];
            if (flow.pendingStamp == pendingStamps[pendingHead]) {
                flush(flow);
            }
            pendingFlows[pendingHead] = null;
            pendingHead = (pendingHead + 1) & (pendingFlows.length - 1);
            pendingCount--;
        }
        expire(closedTcp, nowUs);
        expire(otherProtocols, nowUs);
        expire(openTcp, nowUs);
    }

    private void expire(IdleQueue q, long nowUs) {
        long timeout = q.timeoutUs;
        while (q.head != null && q.head.queuedUs + timeout <= nowUs) {
            Flow head = q.head;
            if (head.lastSeenUs + timeout <= nowUs) {
                flowsExpired++;
                remove(head);
            } else {
                q.requeue(head, nowUs);
            }
        }
    }

    /** Flushes every pending batch (end of input, shutdown). Flow entries stay. */
    public void flushAll() {
        for (IdleQueue q : new IdleQueue[] {openTcp, closedTcp, otherProtocols}) {
            for (Flow f = q.head; f != null; f = f.next) {
                flush(f);
            }
        }
        Arrays.fill(pendingFlows, null);
        pendingHead = 0;
        pendingCount = 0;
    }

    public int activeFlows() { return size; }
    public long batchesEmitted() { return batches; }
    public long packetsBatched() { return packets; }
    public long flowsCreated() { return flowsCreated; }
    /** Entries forgotten after their quiet period. */
    public long flowsExpired() { return flowsExpired; }
    /** Entries evicted because the table was full. */
    public long flowsEvicted() { return flowsEvicted; }
    /** Packets whose timestamp went backwards within their flow and was clamped. */
    public long timestampsClamped() { return timestampsClamped; }

    private void flush(Flow flow) {
        PacketBatchBuilder b = flow.builder;
        if (b == null) {
            return;
        }
        flow.builder = null;
        flow.pendingStamp = 0;
        if (!b.isEmpty()) {
            // keys are made per batch, not kept per entry: they die young, the entry stays small
            sink.accept(flow.kafkaKeyBytes(), b.build(config.agentId(), config.tapType(), config.tapPort(),
                    config.captureInterface(), flow.batchSeq++, flow.flowKey()));
            batches++;
        }
        returnBuilder(b);
    }

    private Flow find(long hash, DecodedPacket p, boolean reversed) {
        int i = (int) hash & mask;
        while (true) {
            Flow f = slots[i];
            if (f == null) {
                return null;
            }
            if (f.hash() == hash && f.matches(p, reversed)) {
                return f;
            }
            i = (i + 1) & mask;
        }
    }

    private Flow create(long hash, DecodedPacket p, boolean reversed, long now) {
        if (size >= config.maxFlows()) {
            flowsEvicted++;
            remove(evictionCandidate(now));
        }
        if (size >= slots.length / 2 && slots.length < maxCapacity) {
            grow();
        }
        Flow flow = spares > 0 ? spareFlows[--spares] : new Flow();
        flow.init(p, reversed, hash);
        flow.lastSeenUs = now;
        int i = (int) hash & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = flow;
        size++;
        flowsCreated++;
        flow.queuedUs = now;
        (p.protocol() == 6 && !p.isFragment() ? openTcp : otherProtocols).append(flow);
        return flow;
    }

    private void grow() {
        Flow[] old = slots;
        slots = new Flow[old.length * 2];
        mask = slots.length - 1;
        for (Flow f : old) {
            if (f != null) {
                int i = (int) f.hash() & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = f;
            }
        }
    }

    /**
     * An entry to evict from a full table: a closed TCP flow if there is one, else the first entry
     * of the other queues that saw no packet since it was queued (approximately the least recently
     * seen); the entries passed over get a second chance.
     */
    private Flow evictionCandidate(long now) {
        if (closedTcp.head != null) {
            return closedTcp.head;
        }
        IdleQueue q = otherProtocols.head != null ? otherProtocols : openTcp;
        for (int tries = 0; tries < 16; tries++) {
            Flow head = q.head;
            if (head.lastSeenUs <= head.queuedUs) {
                return head;
            }
            q.requeue(head, now);
        }
        return q.head;
    }

    /** Flushes and removes a flow entry (backward-shift deletion keeps probe chains intact). */
    private void remove(Flow flow) {
        flush(flow);
        flow.queue.unlink(flow);
        int i = (int) flow.hash() & mask;
        while (slots[i] != flow) {
            i = (i + 1) & mask;
        }
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (slots[j] == null) {
                break;
            }
            int home = (int) slots[j].hash() & mask;
            // Move j into the hole unless its home lies cyclically in (hole, j].
            boolean homeBetween = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeBetween) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = null;
        size--;
        if (spares == spareFlows.length) {
            spareFlows = Arrays.copyOf(spareFlows, spares * 2);
        }
        spareFlows[spares++] = flow;
    }

    private void enqueuePending(Flow flow, long sinceUs) {
        if (pendingCount == pendingFlows.length) {
            growPending();
        }
        int at = (pendingHead + pendingCount) & (pendingFlows.length - 1);
        long stamp = nextStamp++;
        flow.pendingStamp = stamp;
        pendingFlows[at] = flow;
        pendingStamps[at] = stamp;
        pendingSince[at] = sinceUs;
        pendingLogAt[at] = prefixes.position();
        pendingCount++;
    }

    private void growPending() {
        int n = pendingFlows.length;
        Flow[] flows = new Flow[n * 2];
        long[] stamps = new long[n * 2];
        long[] since = new long[n * 2];
        long[] logAt = new long[n * 2];
        for (int k = 0; k < pendingCount; k++) {
            int from = (pendingHead + k) & (n - 1);
            flows[k] = pendingFlows[from];
            stamps[k] = pendingStamps[from];
            since[k] = pendingSince[from];
            logAt[k] = pendingLogAt[from];
        }
        pendingFlows = flows;
        pendingStamps = stamps;
        pendingSince = since;
        pendingLogAt = logAt;
        pendingHead = 0;
    }

    private PacketBatchBuilder takeBuilder() {
        if (pooled == 0) {
            return new PacketBatchBuilder(prefixes);
        }
        PacketBatchBuilder b = pool[--pooled];
        pool[pooled] = null;
        return b;
    }

    private void returnBuilder(PacketBatchBuilder b) {
        if (pooled == pool.length) {
            pool = Arrays.copyOf(pool, pool.length * 2);
        }
        pool[pooled++] = b;
    }

    /** A FIFO of entries sharing one quiet-period timeout, linked through the entries. */
    private static final class IdleQueue {
        final long timeoutUs;
        Flow head;
        Flow tail;

        IdleQueue(long timeoutUs) {
            this.timeoutUs = timeoutUs;
        }

        void append(Flow flow) {
            flow.queue = this;
            flow.prev = tail;
            flow.next = null;
            if (tail != null) {
                tail.next = flow;
            } else {
                head = flow;
            }
            tail = flow;
        }

        void unlink(Flow flow) {
            if (flow.prev != null) {
                flow.prev.next = flow.next;
            } else {
                head = flow.next;
            }
            if (flow.next != null) {
                flow.next.prev = flow.prev;
            } else {
                tail = flow.prev;
            }
            flow.prev = null;
            flow.next = null;
        }

        void requeue(Flow flow, long now) {
            unlink(flow);
            flow.queuedUs = Math.max(now, flow.lastSeenUs);
            append(flow);
        }
    }

    /** One flow entry: identity (inherited, inline) and batching state. */
    private static final class Flow extends FlowIdentity {
        long batchSeq;
        long lastSeenUs;
        /** When the entry was last put at the tail of its queue. */
        long queuedUs;
        long pendingStamp;
        /** Bit 0: FIN seen in direction 0; bit 1: in direction 1. */
        int finDirections;
        PacketBatchBuilder builder;
        IdleQueue queue;
        Flow prev;
        Flow next;

        void init(DecodedPacket first, boolean reversed, long hash) {
            reset(first, reversed, hash);
            batchSeq = 0;
            lastSeenUs = 0;
            queuedUs = 0;
            pendingStamp = 0;
            finDirections = 0;
            builder = null;
            queue = null;
            prev = null;
            next = null;
        }
    }
}
