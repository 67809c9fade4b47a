package io.tapflow.agent.capture;

import io.tapflow.agent.config.AgentConfig;
import io.tapflow.agent.metrics.MetricNames;
import io.tapflow.agent.metrics.MetricsSnapshot;
import io.tapflow.agent.metrics.MetricsSource;
import io.tapflow.packet.CaptureReplay;
import io.tapflow.packet.DecodeCounters;
import io.tapflow.packet.batch.BatchSink;
import io.tapflow.packet.batch.BatcherConfig;
import io.tapflow.packet.batch.DuplicateFilter;
import io.tapflow.packet.batch.FlowBatcher;
import io.tapflow.packet.decode.DecodeStatus;
import io.tapflow.packet.decode.DecoderConfig;
import io.tapflow.packet.decode.PacketDecoder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One capture source (an interface, or the replayed files) and its own decode → dedup → batch
 * pipeline: packet-core's {@link CaptureReplay}, the same code the flow engine's offline replay
 * runs. Reports the source's counters as metrics; the counters are written by the capture thread
 * alone and read, at most a moment stale, by the metrics thread.
 */
public final class CapturePipeline implements MetricsSource {
    private static final DecodeStatus[] STATUSES = DecodeStatus.values();

    private final String source;
    private final CaptureReplay replay;
    private final AtomicLong corruptInputs = new AtomicLong();
    private final AtomicLong unreadableInputs = new AtomicLong();
    private volatile long kernelDrops;
    private volatile long interfaceDrops;

    private CapturePipeline(String source, CaptureReplay replay) {
        this.source = source;
        this.replay = replay;
    }

    /**
     * A pipeline for one source. {@code tapPort} is the interface index (0 for files); {@code sink}
     * receives its batches on the capture thread.
     */
    public static CapturePipeline create(AgentConfig config, String source, long tapPort, BatchSink sink) {
        AgentConfig.Decode d = config.decode();
        DecoderConfig decoderConfig = DecoderConfig.builder()
                .vxlanPorts(d.vxlanPorts().stream().mapToInt(Integer::intValue).toArray())
                .genevePort(d.genevePort())
                .dropOwnVxlan(d.dropOwnVxlan())
                .decapsulate(d.decapsulate())
                .maxTunnelDepth(d.maxTunnelDepth())
                .fragmentTableSize(d.fragmentTableSize())
                .fragmentTimeoutUs(d.fragmentTimeout().toNanos() / 1_000)
                .build();
        AgentConfig.Batch b = config.batch();
        BatcherConfig batcherConfig = BatcherConfig.builder()
                .agentId(config.agent().id())
                .tapType(config.agent().tapType())
                .tapPort(tapPort)
                .captureInterface(source)
                .maxPacketsPerBatch(b.maxPackets())
                .flushIntervalUs(b.flushInterval().toNanos() / 1_000)
                .idleTimeoutUs(b.flowIdleTimeout().toNanos() / 1_000)
                .maxFlows(b.flowTableLimit())
                .payloadPrefixBytes(d.payloadPrefixBytes())
                .build();
        DuplicateFilter duplicates = config.capture().dedup()
                ? new DuplicateFilter(Math.max(1, config.capture().dedupWindow().toNanos() / 1_000), DuplicateFilter.DEFAULT_TABLE_SIZE)
                : null;
        CaptureReplay replay = new CaptureReplay(new PacketDecoder(decoderConfig), duplicates, batcherConfig, sink);
        return new CapturePipeline(source, replay);
    }

    public String source() {
        return source;
    }

    public CaptureReplay replay() {
        return replay;
    }

    /** Kernel statistics of a live handle (cumulative, as libpcap reports them). */
    void kernelStats(long dropped, long droppedByInterface) {
        kernelDrops = dropped;
        interfaceDrops = droppedByInterface;
    }

    void corruptInput() {
        corruptInputs.incrementAndGet();
    }

    void unreadableInput() {
        unreadableInputs.incrementAndGet();
    }

    public long corruptInputs() {
        return corruptInputs.get();
    }

    public long unreadableInputs() {
        return unreadableInputs.get();
    }

    @Override
    public void collect(MetricsSnapshot out) {
        DecodeCounters c = replay.counters();
        FlowBatcher batcher = replay.batcher();
        String[] src = {MetricNames.SOURCE, source};
        out.counter(MetricNames.PACKETS_CAPTURED, "Packets read from the interface or file.", c.framesRead(), src);
        out.counter(MetricNames.BYTES_CAPTURED, "Wire bytes of the packets read.", c.bytesRead(), src);
        out.counter(MetricNames.PACKETS_DECODED, "Packets decoded into a flow (duplicates included).", c.packetsDecoded(), src);
        out.counter(MetricNames.PACKETS_DUPLICATE, "Decoded packets suppressed as mirror-port duplicates.", c.duplicates(), src);
        String dropHelp = "Packets dropped, by reason.";
        out.counter(MetricNames.PACKETS_DROPPED, dropHelp, kernelDrops, MetricNames.SOURCE, source, MetricNames.REASON, "kernel");
        out.counter(MetricNames.PACKETS_DROPPED, dropHelp, interfaceDrops, MetricNames.SOURCE, source, MetricNames.REASON, "interface");
        for (DecodeStatus s : STATUSES) {
            if (s != DecodeStatus.OK) {
                out.counter(MetricNames.PACKETS_DROPPED, dropHelp, c.dropped(s),
                        MetricNames.SOURCE, source, MetricNames.REASON, "decode_" + s.metricName());
            }
        }
        out.counter(MetricNames.TIMESTAMPS_CLAMPED, "Packets whose timestamp went backwards within their flow (clamped).",
                batcher.timestampsClamped(), src);
        out.counter(MetricNames.CAPTURE_ERRORS, "Inputs that ended in an error.", corruptInputs.get(),
                MetricNames.SOURCE, source, MetricNames.REASON, "corrupt");
        out.counter(MetricNames.CAPTURE_ERRORS, "Inputs that ended in an error.", unreadableInputs.get(),
                MetricNames.SOURCE, source, MetricNames.REASON, "unreadable");
        out.gauge(MetricNames.FLOWS_ACTIVE, "Flows in the flow table.", batcher.activeFlows(), src);
        out.counter(MetricNames.FLOWS_CREATED, "Flows created.", batcher.flowsCreated(), src);
        out.counter(MetricNames.FLOWS_EVICTED, "Flows evicted because the flow table was full.", batcher.flowsEvicted(), src);
    }
}
