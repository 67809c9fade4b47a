package io.tapflow.agent.capture;

import io.tapflow.agent.config.AgentConfig;
import io.tapflow.packet.CaptureReplay;
import io.tapflow.packet.pcap.CapturedFrame;
import java.sql.Timestamp;
import java.util.concurrent.TimeUnit;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.RawPacketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live capture of one interface through pcap4j, on its own thread.
 *
 * <p>pcap4j opens and configures the handle (snap length, promiscuous mode, buffer, timeout, BPF)
 * and provides statistics and break-loop. Packets are then read one of two ways
 * ({@code capture.live-reader}): {@link DirectPcapReader} ({@code pcap_next_ex} on pcap4j's handle,
 * nothing allocated per packet; the default), or pcap4j's own {@code PcapHandle.dispatch} with a
 * {@link RawPacketListener} (its callback path, about 2.6 times faster than
 * {@code getNextRawPacketEx}, DESIGN.md). Between packets the thread flushes the batches of quiet
 * flows and reads the kernel's drop counters; the flow table stays single-threaded.
 *
 * <p>On Linux (TPACKET_V3) the kernel retires only blocks that hold packets, so on a quiet interface
 * {@code dispatch} would wait for the next packet however long that takes, and a quiet flow's batch
 * would wait with it. {@link #wakeUp} (called every read timeout by the agent's timer) breaks the
 * wait: libpcap 1.10 wakes a blocked poll on {@code pcap_breakloop}.
 */
public final class LiveCapture implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveCapture.class);
    private static final long STATS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** While packets keep coming, look at the clock every this many packets. */
    private static final int HOUSEKEEPING_EVERY_PACKETS = 4096;

    private final String interfaceName;
    private final CapturePipeline pipeline;
    private final PcapHandle handle;
    private final int linkType;
    private final boolean endsWithInput;
    /** The direct reader, or null for pcap4j's listener path. */
    private final DirectPcapReader direct;
    private long nextStatsNanos = System.nanoTime();
    private volatile boolean running = true;
    private volatile Throwable failure;

    private LiveCapture(String interfaceName, CapturePipeline pipeline, PcapHandle handle, int linkType,
                        boolean endsWithInput, ReadPath path, int snaplen) {
        this.interfaceName = interfaceName;
        this.pipeline = pipeline;
        this.handle = handle;
        this.linkType = linkType;
        this.endsWithInput = endsWithInput;
        this.direct = path == ReadPath.DIRECT ? new DirectPcapReader(handle, snaplen) : null;
    }

    /** How packets are taken from libpcap (capture.live-reader). */
    public enum ReadPath {
        /** pcap_next_ex called directly on pcap4j's handle (see {@link DirectPcapReader}). */
        DIRECT,
        /** pcap4j's dispatch with a RawPacketListener. */
        PCAP4J_LISTENER;

        /** The configured path, or the listener path (logged) where direct reading is unavailable. */
        public static ReadPath choose(String configured) {
            if (configured.equals("pcap4j-listener")) {
                return PCAP4J_LISTENER;
            }
            if (!DirectPcapReader.available()) {
                LOG.warn("direct libpcap reading unavailable ({}); using pcap4j's listener path",
                        DirectPcapReader.unavailableBecause());
                return PCAP4J_LISTENER;
            }
            return DIRECT;
        }
    }

    /** The read path this capture uses. */
    public ReadPath readPath() {
        return direct != null ? ReadPath.DIRECT : ReadPath.PCAP4J_LISTENER;
    }

    /**
     * The live capture path over a handle opened elsewhere; {@code endsWithInput} for an offline
     * handle ({@code Pcaps.openOffline}), whose end of file ends the capture. Benchmarks use it to
     * measure this exact path against pcap4j's own reading ceiling on the same file.
     */
    public static LiveCapture overHandle(String name, PcapHandle handle, CapturePipeline pipeline, boolean endsWithInput,
                                         ReadPath path) {
        return new LiveCapture(name, pipeline, handle, handle.getDlt().value(), endsWithInput, path, 262_144);
    }

    /**
     * Opens the interface (so permission and filter errors surface before any thread starts).
     *
     * @throws IllegalStateException with the interface name and libpcap's reason
     */
    public static LiveCapture open(String interfaceName, AgentConfig.Capture config, CapturePipeline pipeline) {
        PcapHandle handle;
        try {
            handle = new PcapHandle.Builder(interfaceName)
                    .snaplen(config.snaplen())
                    .promiscuousMode(config.promiscuous()
                            ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                            : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis((int) Math.max(1, config.readTimeout().toMillis()))
                    .bufferSize((int) Math.min(Integer.MAX_VALUE, config.bufferSize()))
                    .timestampPrecision(PcapHandle.TimestampPrecision.MICRO)
                    .build();
        } catch (PcapNativeException e) {
            throw new IllegalStateException("cannot capture on " + interfaceName + ": " + e.getMessage()
                    + " (live capture needs root or CAP_NET_RAW + CAP_NET_ADMIN)", e);
        }
        try {
            if (!config.bpfFilter().isBlank()) {
                handle.setFilter(config.bpfFilter(), BpfProgram.BpfCompileMode.OPTIMIZE);
            }
            return new LiveCapture(interfaceName, pipeline, handle, handle.getDlt().value(), false,
                    ReadPath.choose(config.liveReader()), config.snaplen());
        } catch (PcapNativeException | NotOpenException e) {
            handle.close();
            throw new IllegalStateException("capture.bpf-filter: '" + config.bpfFilter() + "' rejected on "
                    + interfaceName + ": " + e.getMessage(), e);
        }
    }

    public String interfaceName() {
        return interfaceName;
    }

    public CapturePipeline pipeline() {
        return pipeline;
    }

    /** libpcap's DLT of the interface (1 = Ethernet). */
    public int linkType() {
        return linkType;
    }

    /** The error that ended the capture thread, or null. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void run() {
        try {
            if (direct != null) {
                readDirect();
            } else {
                readThroughListener();
            }
        } catch (ReadFailedException e) {
            if (running) {
                failure = e; // e.g. the interface disappeared: an event, not a bug (no stack trace)
                LOG.warn("capture on {} ended: {}", interfaceName, e.getMessage());
            }
        } catch (NotOpenException | RuntimeException e) {
            if (running) {
                failure = e;
                LOG.error("capture on {} failed: {}", interfaceName, e.getMessage(), e);
            }
        } finally {
            readKernelStats();
            pipeline.replay().flushAll();
            if (direct != null) {
                direct.release();
            }
            handle.close();
        }
    }

    /** pcap_next_ex in a loop: one packet per call, nothing allocated per packet. */
    private void readDirect() {
        CaptureReplay replay = pipeline.replay();
        CapturedFrame frame = new CapturedFrame();
        int sinceHousekeeping = 0;
        while (running) {
            int r = direct.next(frame, linkType);
            if (r == DirectPcapReader.PACKET) {
                replay.accept(frame);
                if (++sinceHousekeeping < HOUSEKEEPING_EVERY_PACKETS) {
                    continue;
                }
            } else if (r == DirectPcapReader.BREAK_OR_END && endsWithInput) {
                break;
            } else if (r == DirectPcapReader.ERROR) {
                throw new ReadFailedException(direct.lastError());
            }
            sinceHousekeeping = 0;
            housekeeping();
        }
    }

    /** pcap4j's own path: dispatch with a RawPacketListener (a JNA callback and a few objects per packet). */
    private void readThroughListener() throws NotOpenException {
        CaptureReplay replay = pipeline.replay();
        CapturedFrame frame = new CapturedFrame();
        RawPacketListener listener = packet -> {
            Timestamp ts = handle.getTimestamp();
            long tsUs = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000L + ts.getNanos() / 1_000;
            frame.set(packet, 0, packet.length, handle.getOriginalLength(), tsUs, linkType, 0, 0);
            replay.accept(frame);
        };
        while (running) {
            try {
                if (handle.dispatch(-1, listener) == 0 && endsWithInput) {
                    break; // an offline handle returns 0 only at the end of the file
                }
            } catch (InterruptedException broken) {
                // pcap4j's word for "pcap_breakloop was called": a wake-up or a stop, see running
            } catch (PcapNativeException e) {
                throw new ReadFailedException(e.getMessage());
            }
            housekeeping();
        }
    }

    /**
     * Between packets: flush the batches that are due by the wall clock (a live interface's packet
     * times are wall-clock times; a file's are not, so offline handles keep packet time only) and
     * read the kernel's counters once a second.
     */
    private void housekeeping() {
        if (!endsWithInput) {
            pipeline.replay().batcher().advanceTime(System.currentTimeMillis() * 1_000L);
        }
        long now = System.nanoTime();
        if (now - nextStatsNanos >= 0) {
            readKernelStats();
            nextStatsNanos = now + STATS_INTERVAL_NANOS;
        }
    }

    /** libpcap reported a read error (an interface that went away, ...). */
    static final class ReadFailedException extends RuntimeException {
        ReadFailedException(String message) {
            super(message);
        }
    }

    /** Makes a waiting read return so that due batches are flushed on a quiet interface. */
    public void wakeUp() {
        if (running) {
            try {
                handle.breakLoop();
            } catch (NotOpenException e) {
                // the capture has ended
            }
        }
    }

    /** Ends the capture: the thread flushes pending batches and closes the handle. */
    public void stop() {
        running = false;
        try {
            handle.breakLoop();
        } catch (NotOpenException e) {
            // already closed by the capture thread: nothing left to interrupt
        }
    }

    /** Releases the handle of a capture whose thread was never started (another interface failed to open). */
    public void closeUnstarted() {
        running = false;
        handle.close();
    }

    private void readKernelStats() {
        if (!handle.isOpen()) {
            return;
        }
        try {
            PcapStat stat = handle.getStats();
            pipeline.kernelStats(stat.getNumPacketsDropped(), stat.getNumPacketsDroppedByIf());
        } catch (PcapNativeException | NotOpenException e) {
            LOG.debug("no pcap stats for {}: {}", interfaceName, e.getMessage());
        }
    }
}
