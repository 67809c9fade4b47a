package io.tapflow.packet.batch;

import io.tapflow.packet.decode.DecodedPacket;
import io.tapflow.packet.flowkey.FlowKeys;
import io.tapflow.schema.FlowKey;
import java.util.Arrays;

/**
 * The agent's flow table: groups decoded packets per flow and hands a {@code PacketBatch} per flow
 * and flush to a {@link BatchSink}.
 *
 * <p>A flow's batch is flushed when it holds {@link BatcherConfig#maxPacketsPerBatch()} packets or
 * when {@link BatcherConfig#flushIntervalUs()} of packet time has passed since its first pending
 * packet. Flow entries not seen for {@link BatcherConfig#idleTimeoutUs()} are forgotten (within
 * one more timeout: the idle queue is checked lazily, see below); past {@link BatcherConfig#maxFlows()}
 * a least recently seen entry is evicted (both flush first).
 * Time is packet time: {@link #offer} advances it, {@link #advanceTime} lets a live source advance
 * it when no packets come. Direction 0 = sent by the flow's first packet's source.
 *
 * <p>No allocation per packet once warm, and few memory touches per packet (the table slot, the
 * flow entry, its builder's row array): the table is open addressing over one array, builders are
 * pooled and only held by flows with pending packets. Idle expiry does not reorder a list per
 * packet: entries sit in a queue in the order they were (re)queued, and when the head's time is up
 * it is expired if it saw no packet since, else it goes back to the tail ("second chance"). A new
 * flow allocates its entry and keys; a batch allocates its columns and records.
 *
 * <p>Not thread-safe: one batcher per capture thread.
 */
public final class FlowBatcher {
    private final BatcherConfig config;
    private final BatchSink sink;

    private final Flow[] slots;
    private final int mask;
    private int size;

    /** Idle queue, in the order entries were (re)queued: the head is the first candidate to expire. */
    private Flow idleHead;
    private Flow idleTail;

    /** Flows in the order their pending batch began; entries made stale by a size flush are skipped. */
    private Flow[] pendingFlows = new Flow[1024];
    private long[] pendingStamps = new long[1024];
    private int pendingHead;
    private int pendingCount;
    private long nextStamp = 1;

    private PacketBatchBuilder[] pool = new PacketBatchBuilder[64];
    private int pooled;

    private long batches;
    private long packets;
    private long flowsCreated;
    private long flowsExpired;
    private long flowsEvicted;
    private long timestampsClamped;

    public FlowBatcher(BatcherConfig config, BatchSink sink) {
        this.config = config;
        this.sink = sink;
        int capacity = Integer.highestOneBit(Math.max(2, config.maxFlows()) * 2 - 1) << 1;
        this.slots = new Flow[capacity];
        this.mask = capacity - 1;
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
            enqueuePending(flow);
        }
        int direction = reversed == flow.firstReversed ? 0 : 1;
        if (b.add(now, direction, p.ipLength(), p.payloadLength(), p.tcpFlags(), p.seq(), p.ack(), p.window(), p.ttl())) {
            timestampsClamped++;
        }
        packets++;
        if (p.hasSynOptions()) {
            b.addSynOptions(p.mss(), p.windowScale(), p.sackPermitted(), p.timestamps());
        }
        int prefix = Math.min(config.payloadPrefixBytes(), p.payloadCaptured());
        if (prefix > 0 && p.fragmentOffset() == 0) {
            b.addPayloadPrefix(p.payloadBuffer(), p.payloadOffset(), prefix);
        }
        if (b.packetCount() >= config.maxPacketsPerBatch()) {
            flush(flow);
        }
    }

    /** Flushes the flows whose interval is over and forgets idle flows, as of packet time {@code nowUs}. */
    public void advanceTime(long nowUs) {
        long interval = config.flushIntervalUs();
        while (pendingCount > 0) {
            Flow flow = pendingFlows[pendingHead];
            if (flow.pendingStamp == pendingStamps[pendingHead]) {
                if (flow.builder.baseTimestampUs() + interval > nowUs) {
                    break;
                }
                flush(flow);
            }
            pendingFlows[pendingHead] = null;
            pendingHead = (pendingHead + 1) & (pendingFlows.length - 1);
            pendingCount--;
        }
        long idle = config.idleTimeoutUs();
        while (idleHead != null && idleHead.queuedUs + idle <= nowUs) {
            Flow head = idleHead;
            if (head.lastSeenUs + idle <= nowUs) {
                flowsExpired++;
                remove(head);
            } else {
                requeue(head, nowUs);
            }
        }
    }

    /** Flushes every pending batch (end of input, shutdown). Flow entries stay. */
    public void flushAll() {
        for (Flow f = idleHead; f != null; f = f.next) {
            flush(f);
        }
        Arrays.fill(pendingFlows, null);
        pendingHead = 0;
        pendingCount = 0;
    }

    public int activeFlows() { return size; }
    public long batchesEmitted() { return batches; }
    public long packetsBatched() { return packets; }
    public long flowsCreated() { return flowsCreated; }
    /** Entries forgotten after the idle timeout. */
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
            sink.accept(flow.kafkaKey, b.build(config.agentId(), config.tapType(), config.tapPort(),
                    config.captureInterface(), flow.batchSeq++, flow.key));
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
            if (f.hash == hash && f.matches(p, reversed)) {
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
        Flow flow = new Flow(hash, p, reversed, FlowKeys.symmetricKeyBytes(p), FlowKeys.flowKey(p));
        flow.lastSeenUs = now;
        int i = (int) hash & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = flow;
        size++;
        flowsCreated++;
        flow.queuedUs = now;
        appendIdle(flow);
        return flow;
    }

    /**
     * An entry to evict from a full table: the first in the idle queue that saw no packet since it
     * was queued (approximately the least recently seen); entries that did get a second chance.
     */
    private Flow evictionCandidate(long now) {
        for (int tries = 0; tries < 16; tries++) {
            Flow head = idleHead;
            if (head.lastSeenUs <= head.queuedUs) {
                return head;
            }
            requeue(head, now);
        }
        return idleHead;
    }

    private void requeue(Flow flow, long now) {
        unlinkIdle(flow);
        flow.queuedUs = Math.max(now, flow.lastSeenUs);
        appendIdle(flow);
    }

    /** Flushes and removes a flow entry (backward-shift deletion keeps probe chains intact). */
    private void remove(Flow flow) {
        flush(flow);
        unlinkIdle(flow);
        int i = (int) flow.hash & mask;
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
            int home = (int) slots[j].hash & mask;
            // Move j into the hole unless its home lies cyclically in (hole, j].
            boolean homeBetween = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeBetween) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = null;
        size--;
    }

    private void appendIdle(Flow flow) {
        flow.prev = idleTail;
        flow.next = null;
        if (idleTail != null) {
            idleTail.next = flow;
        } else {
            idleHead = flow;
        }
        idleTail = flow;
    }

    private void unlinkIdle(Flow flow) {
        if (flow.prev != null) {
            flow.prev.next = flow.next;
        } else {
            idleHead = flow.next;
        }
        if (flow.next != null) {
            flow.next.prev = flow.prev;
        } else {
            idleTail = flow.prev;
        }
        flow.prev = null;
        flow.next = null;
    }

    private void enqueuePending(Flow flow) {
        if (pendingCount == pendingFlows.length) {
            growPending();
        }
        int at = (pendingHead + pendingCount) & (pendingFlows.length - 1);
        long stamp = nextStamp++;
        flow.pendingStamp = stamp;
        pendingFlows[at] = flow;
        pendingStamps[at] = stamp;
        pendingCount++;
    }

    private void growPending() {
        int n = pendingFlows.length;
        Flow[] flows = new Flow[n * 2];
        long[] stamps = new long[n * 2];
        for (int k = 0; k < pendingCount; k++) {
            int from = (pendingHead + k) & (n - 1);
            flows[k] = pendingFlows[from];
            stamps[k] = pendingStamps[from];
        }
        pendingFlows = flows;
        pendingStamps = stamps;
        pendingHead = 0;
    }

    private PacketBatchBuilder takeBuilder() {
        if (pooled == 0) {
            return new PacketBatchBuilder();
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

    /** One flow entry: canonical identity, keys, batching state. */
    private static final class Flow {
        final long hash;
        final int ipVersion;
        final int protocol;
        final int vlan;
        final int vlanOuter;
        final int tunnelType;
        final long tunnelId;
        final long aHi;
        final long aLo;
        final long bHi;
        final long bLo;
        final int aPort;
        final int bPort;
        final boolean firstReversed;
        final byte[] kafkaKey;
        final FlowKey key;

        long batchSeq;
        long lastSeenUs;
        /** When the entry was last put at the tail of the idle queue. */
        long queuedUs;
        long pendingStamp;
        PacketBatchBuilder builder;
        Flow prev;
        Flow next;

        Flow(long hash, DecodedPacket p, boolean reversed, byte[] kafkaKey, FlowKey key) {
            this.hash = hash;
            this.ipVersion = p.ipVersion();
            this.protocol = p.protocol();
            this.vlan = p.vlan();
            this.vlanOuter = p.vlanOuter();
            this.tunnelType = p.tunnelType();
            this.tunnelId = p.tunnelId();
            this.aHi = FlowKeys.aHi(p, reversed);
            this.aLo = FlowKeys.aLo(p, reversed);
            this.bHi = FlowKeys.bHi(p, reversed);
            this.bLo = FlowKeys.bLo(p, reversed);
            this.aPort = FlowKeys.aPort(p, reversed);
            this.bPort = FlowKeys.bPort(p, reversed);
            this.firstReversed = reversed;
            this.kafkaKey = kafkaKey;
            this.key = key;
        }

        boolean matches(DecodedPacket p, boolean reversed) {
            return aLo == FlowKeys.aLo(p, reversed) && bLo == FlowKeys.bLo(p, reversed)
                    && aPort == FlowKeys.aPort(p, reversed) && bPort == FlowKeys.bPort(p, reversed)
                    && protocol == p.protocol() && aHi == FlowKeys.aHi(p, reversed) && bHi == FlowKeys.bHi(p, reversed)
                    && vlan == p.vlan() && vlanOuter == p.vlanOuter() && tunnelType == p.tunnelType()
                    && tunnelId == p.tunnelId() && ipVersion == p.ipVersion();
        }
    }
}
