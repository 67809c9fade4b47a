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
 * packet. Flow entries not seen for {@link BatcherConfig#idleTimeoutUs()} are forgotten; past
 * {@link BatcherConfig#maxFlows()} the least recently seen entry is evicted (both flush first).
 * Time is packet time: {@link #offer} advances it, {@link #advanceTime} lets a live source advance
 * it when no packets come. Direction 0 = sent by the flow's first packet's source.
 *
 * <p>No allocation per packet once warm: the table is open addressing over arrays, the idle order is
 * an intrusive list, builders are pooled and only held by flows with pending packets. A new flow
 * allocates its entry and keys; a payload prefix or SYN option allocates its small record (the
 * batch schema's choice).
 *
 * <p>Not thread-safe: one batcher per capture thread.
 */
public final class FlowBatcher {
    private final BatcherConfig config;
    private final BatchSink sink;

    private final long[] hashes;
    private final Flow[] slots;
    private final int mask;
    private int size;

    /** Least recently seen first. */
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
        this.hashes = new long[capacity];
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
        } else {
            touch(flow);
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
        while (idleHead != null && idleHead.lastSeenUs + idle <= nowUs) {
            flowsExpired++;
            remove(idleHead);
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
            long h = hashes[i];
            if (h == 0) {
                return null;
            }
            if (h == hash && slots[i].matches(p, reversed)) {
                return slots[i];
            }
            i = (i + 1) & mask;
        }
    }

    private Flow create(long hash, DecodedPacket p, boolean reversed, long now) {
        if (size >= config.maxFlows()) {
            flowsEvicted++;
            remove(idleHead);
        }
        Flow flow = new Flow(hash, p, reversed, FlowKeys.symmetricKeyBytes(p), FlowKeys.flowKey(p));
        flow.lastSeenUs = now;
        int i = (int) hash & mask;
        while (hashes[i] != 0) {
            i = (i + 1) & mask;
        }
        hashes[i] = hash;
        slots[i] = flow;
        size++;
        flowsCreated++;
        appendIdle(flow);
        return flow;
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
            if (hashes[j] == 0) {
                break;
            }
            int home = (int) hashes[j] & mask;
            // Move j into the hole unless its home lies cyclically in (hole, j].
            boolean homeBetween = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeBetween) {
                hashes[hole] = hashes[j];
                slots[hole] = slots[j];
                hole = j;
            }
        }
        hashes[hole] = 0;
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

    private void touch(Flow flow) {
        if (flow != idleTail) {
            unlinkIdle(flow);
            appendIdle(flow);
        }
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
