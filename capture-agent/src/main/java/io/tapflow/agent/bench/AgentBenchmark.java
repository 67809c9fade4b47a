package io.tapflow.agent.bench;

import io.tapflow.agent.AgentCommandLine;
import io.tapflow.agent.capture.CapturePipeline;
import io.tapflow.agent.capture.LiveCapture;
import io.tapflow.agent.config.AgentConfig;
import io.tapflow.agent.metrics.MetricNames;
import io.tapflow.agent.metrics.MetricsSnapshot;
import io.tapflow.agent.publish.BatchPublisher;
import io.tapflow.agent.publish.DiscardingPublisher;
import io.tapflow.agent.publish.KafkaPublisher;
import io.tapflow.packet.pcap.CaptureFileReader;
import io.tapflow.packet.pcap.CapturedFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.core.RawPacketListener;

/**
 * The agent's replay benchmark (not a test): one large capture through every layer of the agent, in
 * packets per CPU-second of the whole JVM, next to argus, tcptrace and tshark on the same file in
 * the same run, as ratios.
 *
 * <pre>
 *   read                packet-core's direct pcap/pcapng reader alone
 *   pcap4j ceiling      pcap4j reading the same file: PcapHandle.dispatch + RawPacketListener, counting
 *   decode+batch        the agent's file path: reader → decode → flow table → batches (discarded)
 *   live path (listener) the live-capture code (LiveCapture) over an offline pcap4j handle, pcap4j's listener path
 *   live path (direct)  the same with the agent's default direct reader (pcap_next_ex on pcap4j's handle)
 *   with Kafka          the file path publishing to Kafka (lz4, idempotent, acks=all); broker CPU not counted
 * </pre>
 *
 * Each in-process phase runs twice and the second run is reported (the first warms up the JIT).
 * Usage: {@code ./tapflow agent bench --capture FILE [--bootstrap HOST:PORT] [--topic T] [--no-kafka] [--no-tools]}
 */
public final class AgentBenchmark {
    /** Keeps the read-only loop's result observable, so the JIT cannot drop the reading. */
    static volatile long blackhole;

    private final Path capture;
    private final AgentConfig config;
    private final boolean kafka;
    /** Phase names to run (empty: all), e.g. for profiling one of them. */
    private final List<String> only;
    private final Map<String, Double> rates = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private long packets;
    private long flows;
    /** What the last Kafka run delivered (each phase runs twice; the last one is reported). */
    private String kafkaNote;

    private AgentBenchmark(Path capture, AgentConfig config, boolean kafka, List<String> only) {
        this.only = only;
        this.capture = capture;
        this.config = config;
        this.kafka = kafka;
    }

    public static void main(String[] args) throws Exception {
        Path capture = null;
        boolean kafka = true;
        boolean tools = true;
        List<String> only = List.of();
        List<String> agentArgs = new ArrayList<>(List.of("--agent-id", "bench", "--metrics-port", "0",
                "--metrics.log-interval", "0s", "--topic", "tapflow.bench.packets"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--capture" -> capture = Path.of(args[++i]);
                case "--no-kafka" -> kafka = false;
                case "--no-tools" -> tools = false;
                case "--only" -> only = List.of(args[++i].split(","));
                case "-h", "--help" -> {
                    System.out.println("usage: tapflow agent bench --capture FILE [--no-kafka] [--no-tools] [--only PHASE,...] [agent options]");
                    return;
                }
                default -> agentArgs.add(args[i]); // any agent option: --bootstrap, --topic, --batch.max-packets ...
            }
        }
        if (capture == null || !Files.isRegularFile(capture)) {
            System.err.println("bench: --capture FILE is required (a large capture, e.g. ./tapflow gen mix FILE --packets 10000000)");
            System.exit(2);
        }
        AgentConfig config = AgentCommandLine.parse(agentArgs, System.getenv()).loader().build();
        AgentBenchmark bench = new AgentBenchmark(capture, config, kafka, only);
        bench.run(tools);
    }

    private void run(boolean tools) throws Exception {
        System.out.printf(Locale.ROOT, "capture %s (%.1f MB)%n", capture, Files.size(capture) / 1e6);
        measure("read", this::readOnly);
        measure("pcap4j ceiling", this::pcap4jCeiling);
        measure("decode+batch", () -> agentPath(new DiscardingPublisher()));
        measure("live path (listener)", () -> livePath(LiveCapture.ReadPath.PCAP4J_LISTENER));
        measure("live path (direct)", () -> livePath(LiveCapture.ReadPath.DIRECT));
        if (kafka) {
            measure("with Kafka", () -> {
                try (KafkaPublisher publisher = new KafkaPublisher(config.kafka())) {
                    if (!publisher.awaitMetadata(Duration.ofSeconds(30))) {
                        throw new IOException("Kafka at " + config.kafka().bootstrapServers() + " did not answer");
                    }
                    long n = agentPath(publisher);
                    publisher.flush(Duration.ofMinutes(5));
                    MetricsSnapshot m = new MetricsSnapshot();
                    publisher.collect(m);
                    double sent = m.total(MetricNames.BATCHES_SENT);
                    double bytes = m.total(MetricNames.BATCH_BYTES_SENT);
                    kafkaNote = (String.format(Locale.ROOT, "Kafka: %.0f batches sent (%.1f packets/batch, %.1f Avro bytes/packet), %.0f dropped",
                            sent, n / Math.max(1, sent), bytes / Math.max(1, n), m.total(MetricNames.BATCHES_DROPPED)));
                    return n;
                }
            });
        }
        if (tools) {
            tool("argus -r", "argus", "argus -X -r " + capture + " -w /dev/null");
            tool("tcptrace", "tcptrace", "tcptrace -n " + capture);
            tool("tshark -r", "tshark", "tshark -n -r " + capture + " -q -z conv,tcp -z conv,udp");
        }
        report();
    }

    /** A phase: returns the packets it processed. */
    @FunctionalInterface
    private interface Phase {
        long run() throws Exception;
    }

    private void measure(String name, Phase phase) throws Exception {
        if (!selected(name)) {
            return;
        }
        phase.run(); // warm-up
        measureOnce(name, phase);
    }

    private boolean selected(String name) {
        return only.isEmpty() || only.contains(name);
    }

    private void measureOnce(String name, Phase phase) throws Exception {
        if (!selected(name)) {
            return;
        }
        System.gc();
        double cpu0 = CpuClock.processCpuSeconds();
        long n = phase.run();
        double cpu = CpuClock.processCpuSeconds() - cpu0;
        packets = Math.max(packets, n);
        rates.put(name, n / cpu);
        System.out.printf(Locale.ROOT, "  %-20s %,14d packets %8.2f CPU-s %8.3f M packets/CPU-s%n", name, n, cpu, n / cpu / 1e6);
    }

    private void tool(String name, String binary, String command) throws Exception {
        if (!selected(name)) {
            return;
        }
        if (!CpuClock.installed(binary)) {
            notes.add(name + ": not installed, skipped");
            return;
        }
        double cpu = CpuClock.commandCpuSeconds(command);
        rates.put(name, packets / cpu);
        System.out.printf(Locale.ROOT, "  %-20s %,14d packets %8.2f CPU-s %8.3f M packets/CPU-s%n", name, packets, cpu, packets / cpu / 1e6);
    }

    private long readOnly() throws IOException {
        long n = 0;
        long bytes = 0;
        CapturedFrame frame = new CapturedFrame();
        try (CaptureFileReader reader = CaptureFileReader.open(capture)) {
            while (reader.next(frame)) {
                n++;
                bytes += frame.capturedLength();
            }
        }
        blackhole = bytes;
        return n;
    }

    private long pcap4jCeiling() throws Exception {
        long[] n = new long[1];
        RawPacketListener count = packet -> n[0]++;
        try (PcapHandle handle = Pcaps.openOffline(capture.toString())) {
            while (handle.dispatch(-1, count) > 0) {
                // dispatch(-1) on a file reads it all; a second call returns 0 at its end
            }
        }
        return n[0];
    }

    private long agentPath(BatchPublisher publisher) throws IOException {
        CapturePipeline pipeline = CapturePipeline.create(config, capture.toString(), 0, publisher.sinkFor("bench"));
        try (CaptureFileReader reader = CaptureFileReader.open(capture)) {
            pipeline.replay().run(reader);
        }
        flows = pipeline.replay().batcher().flowsCreated();
        return pipeline.replay().counters().framesRead();
    }

    private long livePath(LiveCapture.ReadPath path) throws Exception {
        CapturePipeline pipeline = CapturePipeline.create(config, "offline", 0, new DiscardingPublisher().sinkFor("bench"));
        PcapHandle handle = Pcaps.openOffline(capture.toString());
        LiveCapture.overHandle("offline", handle, pipeline, true, path).run(); // closes the handle
        return pipeline.replay().counters().framesRead();
    }

    private void report() {
        double read = rates.getOrDefault("read", Double.NaN);
        double agent = rates.getOrDefault("decode+batch", Double.NaN);
        double ceiling = rates.getOrDefault("pcap4j ceiling", Double.NaN);
        double live = rates.getOrDefault("live path (direct)", Double.NaN);
        double liveListener = rates.getOrDefault("live path (listener)", Double.NaN);
        System.out.printf(Locale.ROOT, "%n%,d packets, %,d flows%n", packets, flows);
        System.out.printf(Locale.ROOT, "decode+batch cost on top of reading: %.3f us/packet (target <= 0.3)%n",
                (1 / agent - 1 / read) * 1e6);
        System.out.printf(Locale.ROOT, "direct reader vs pcap4j reading the file: x%.1f%n", read / ceiling);
        System.out.printf(Locale.ROOT, "live path vs pcap4j's own reading ceiling: direct reader %.0f%%, pcap4j listener %.0f%% (target >= 85%%)%n",
                100 * live / ceiling, 100 * liveListener / ceiling);
        if (kafkaNote != null) {
            System.out.println(kafkaNote);
        }
        notes.forEach(System.out::println);
        StringBuilder line = new StringBuilder("agent bench:");
        for (Map.Entry<String, Double> e : rates.entrySet()) {
            line.append(String.format(Locale.ROOT, " | %s %.2f M/CPU-s", e.getKey(), e.getValue() / 1e6));
        }
        for (String tool : List.of("argus -r", "tcptrace", "tshark -r")) {
            if (rates.containsKey(tool)) {
                line.append(String.format(Locale.ROOT, " | agent/%s x%.1f", tool.split(" ")[0], agent / rates.get(tool)));
                if (rates.containsKey("with Kafka")) {
                    line.append(String.format(Locale.ROOT, " (with Kafka x%.1f)", rates.get("with Kafka") / rates.get(tool)));
                }
            }
        }
        System.out.println(line);
    }
}
