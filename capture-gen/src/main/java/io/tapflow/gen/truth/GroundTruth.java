package io.tapflow.gen.truth;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything the generator knows about a capture it wrote: totals and, for the small scenarios, one
 * {@link FlowTruth} per conversation. Large scenarios keep only totals in memory (their per-flow
 * truth can be streamed to a JSON Lines file instead).
 */
public final class GroundTruth {
    public final String scenario;
    public final long seed;
    public final int linkType;
    public final String format;
    public long frames;
    public long frameBytes;
    /** Frames that are not IP (ARP...): the agent counts them as non-IP, never as a flow. */
    public long nonIpFrames;
    public long conversations;
    public long firstUs = Long.MAX_VALUE;
    public long lastUs = Long.MIN_VALUE;
    private final List<FlowTruth> flows = new ArrayList<>();

    public GroundTruth(String scenario, long seed, int linkType, String format) {
        this.scenario = scenario;
        this.seed = seed;
        this.linkType = linkType;
        this.format = format;
    }

    public void addFlow(FlowTruth f) {
        flows.add(f);
    }

    /** Orders the kept flows by id (the order the scenario created them). */
    public void sortFlowsById() {
        flows.sort((a, b) -> Integer.compare(a.id, b.id));
    }

    /** Per-conversation truth (empty for streamed scenarios). */
    public List<FlowTruth> flows() {
        return Collections.unmodifiableList(flows);
    }

    /** The flow with this label; fails when there is not exactly one. */
    public FlowTruth flow(String label) {
        FlowTruth found = null;
        for (FlowTruth f : flows) {
            if (f.label.equals(label)) {
                if (found != null) {
                    throw new IllegalArgumentException("several flows labelled " + label);
                }
                found = f;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("no flow labelled " + label);
        }
        return found;
    }

    public void writeJson(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Json j = new Json(w);
            j.beginObject()
                    .field("scenario", scenario)
                    .field("seed", seed)
                    .field("link_type", linkType)
                    .field("format", format)
                    .field("frames", frames)
                    .field("frame_bytes", frameBytes)
                    .field("non_ip_frames", nonIpFrames)
                    .field("conversations", conversations)
                    .field("first_us", firstUs)
                    .field("last_us", lastUs);
            j.name("flows").beginArray();
            for (FlowTruth f : flows) {
                f.writeJson(j);
            }
            j.endArray().endObject();
            w.write('\n');
        }
    }
}
