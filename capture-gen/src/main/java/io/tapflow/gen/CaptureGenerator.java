package io.tapflow.gen;

import io.tapflow.gen.conv.Conversation;
import io.tapflow.gen.io.CaptureWriter;
import io.tapflow.gen.net.FrameEncoder;
import io.tapflow.gen.net.LinkLayer;
import io.tapflow.gen.net.Packet;
import io.tapflow.gen.scenario.ConversationSource;
import io.tapflow.gen.scenario.Scenario;
import io.tapflow.gen.scenario.ScenarioContext;
import io.tapflow.gen.scenario.Scenarios;
import io.tapflow.gen.truth.FlowTruth;
import io.tapflow.gen.truth.GroundTruth;
import io.tapflow.gen.truth.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Writes capture files of scripted traffic with known ground truth, for tests and benchmarks.
 *
 * <pre>{@code
 * GroundTruth truth = new CaptureGenerator().seed(7).link(LinkLayer.LINUX_SLL).generate("encap", path);
 * }</pre>
 *
 * Conversations come from a {@link Scenario} in order of their first packet and are interleaved by
 * capture time through a priority queue, so only the active ones are in memory and any size can be
 * streamed to disk. The truth ({@link GroundTruth}) is returned and, by {@link #generate(String, Path)},
 * also written next to the capture as {@code <file>.truth.json}. Same seed, same bytes.
 *
 * <p>This module is deliberately independent of packet-core: it is the oracle the decoder is
 * tested against, so it shares no code with it.
 */
public final class CaptureGenerator {
    private long seed = 1;
    private LinkLayer link = LinkLayer.ETHERNET;
    private String format;
    private long packets = 1_000_000;
    private double flowsPerSecond;
    private long startUs = ScenarioContext.DEFAULT_START_US;
    private Path flowTruthLines;
    private boolean writeTruthFile = true;
    private int snapLength;

    /** Random seed (default 1). */
    public CaptureGenerator seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Link layer of the file (default Ethernet). */
    public CaptureGenerator link(LinkLayer link) {
        this.link = link;
        return this;
    }

    /** "pcap", "pcap-ns" or "pcapng"; default: pcapng when the file name ends in .pcapng, else pcap. */
    public CaptureGenerator format(String format) {
        this.format = format;
        return this;
    }

    /** Packets to write for scaled scenarios ("mix"; default 1 000 000). Small scenarios ignore it. */
    public CaptureGenerator packets(long packets) {
        if (packets < 1) {
            throw new IllegalArgumentException("packets must be >= 1, got " + packets);
        }
        this.packets = packets;
        return this;
    }

    /** Conversation arrivals per second of capture time for scaled scenarios (default: the scenario's). */
    public CaptureGenerator flowsPerSecond(double rate) {
        if (rate <= 0) {
            throw new IllegalArgumentException("flows per second must be > 0, got " + rate);
        }
        this.flowsPerSecond = rate;
        return this;
    }

    /**
     * Keeps at most this many bytes of each frame, as a capture with a snap length does (the
     * original length is still recorded); 0 (default) keeps whole frames. Makes big benchmark
     * captures small without changing their packet or byte counts.
     */
    public CaptureGenerator snapLength(int bytes) {
        if (bytes < 0 || bytes > 262144) {
            throw new IllegalArgumentException("snap length must be 0..262144, got " + bytes);
        }
        this.snapLength = bytes;
        return this;
    }

    /** Capture time of the first packet, µs since the epoch (default 2024-01-01T00:00:00Z). */
    public CaptureGenerator startUs(long startUs) {
        this.startUs = startUs;
        return this;
    }

    /** Also stream every conversation's truth to this JSON Lines file (useful for scaled scenarios). */
    public CaptureGenerator flowTruthLines(Path file) {
        this.flowTruthLines = file;
        return this;
    }

    /** Whether {@link #generate(String, Path)} writes {@code <file>.truth.json} (default true). */
    public CaptureGenerator writeTruthFile(boolean write) {
        this.writeTruthFile = write;
        return this;
    }

    /** The sidecar path used for {@code capture}. */
    public static Path truthFileFor(Path capture) {
        return capture.resolveSibling(capture.getFileName() + ".truth.json");
    }

    /** Generates scenario {@code name} into {@code file} (and its truth sidecar). */
    public GroundTruth generate(String name, Path file) throws IOException {
        Scenario scenario = Scenarios.get(name);
        String f = format != null ? format : file.getFileName().toString().endsWith(".pcapng") ? "pcapng" : "pcap";
        GroundTruth truth;
        try (CaptureWriter writer = CaptureWriter.open(file, f, link.linkType())) {
            truth = generate(scenario, writer, f);
        }
        if (writeTruthFile) {
            truth.writeJson(truthFileFor(file));
        }
        return truth;
    }

    /** Generates {@code scenario} into an open writer. */
    public GroundTruth generate(Scenario scenario, CaptureWriter writer, String formatName) throws IOException {
        ScenarioContext ctx = new ScenarioContext(seed, link, startUs, packets, flowsPerSecond);
        GroundTruth truth = new GroundTruth(scenario.name(), seed, link.linkType(), formatName);
        FrameEncoder encoder = new FrameEncoder(link);
        ConversationSource source = scenario.open(ctx);
        boolean keep = scenario.keepsFlowTruth();
        Writer lines = flowTruthLines == null ? null
                : new BufferedWriter(Files.newBufferedWriter(flowTruthLines, StandardCharsets.UTF_8), 1 << 16);
        Json linesJson = lines == null ? null : new Json(lines);
        try {
            PriorityQueue<Cursor> active = new PriorityQueue<>();
            long order = 0;
            Conversation pending = source.next();
            while (true) {
                while (pending != null && (active.isEmpty() || pending.firstUs() <= active.peek().ts)) {
                    active.add(new Cursor(pending, order++));
                    pending = source.next();
                }
                Cursor c = active.poll();
                if (c == null) {
                    break;
                }
                Packet p = c.packets.get(c.index);
                c.conversation.encode(encoder, p);
                int captured = snapLength > 0 ? Math.min(snapLength, encoder.length()) : encoder.length();
                writer.write(p.tsUs, encoder.buffer(), encoder.start(), captured, encoder.length());
                c.conversation.count(p);
                truth.frames++;
                truth.frameBytes += p.frameLength;
                truth.firstUs = Math.min(truth.firstUs, p.tsUs);
                truth.lastUs = Math.max(truth.lastUs, p.tsUs);
                FlowTruth ft = c.conversation.truth();
                if ("non_ip".equals(ft.expectedDrop)) {
                    truth.nonIpFrames++;
                }
                if (++c.index < c.packets.size()) {
                    c.ts = c.packets.get(c.index).tsUs;
                    active.add(c);
                } else {
                    truth.conversations++;
                    if (keep) {
                        truth.addFlow(ft);
                    }
                    if (linesJson != null) {
                        ft.writeJson(linesJson);
                        linesJson.newline();
                    }
                }
            }
        } finally {
            if (lines != null) {
                lines.close();
            }
        }
        if (keep) {
            truth.sortFlowsById();
        }
        return truth;
    }

    /** The next packet of one conversation, ordered by time, then by conversation arrival. */
    private static final class Cursor implements Comparable<Cursor> {
        final Conversation conversation;
        final List<Packet> packets;
        final long order;
        int index;
        long ts;

        Cursor(Conversation conversation, long order) {
            this.conversation = conversation;
            this.packets = conversation.packets();
            this.packets.sort((a, b) -> Long.compare(a.tsUs, b.tsUs));
            this.order = order;
            this.ts = packets.get(0).tsUs;
        }

        @Override
        public int compareTo(Cursor o) {
            int c = Long.compare(ts, o.ts);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }
}
