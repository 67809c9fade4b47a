package io.tapflow.packet.bench;

import io.tapflow.gen.CaptureGenerator;
import io.tapflow.packet.CaptureReplay;
import io.tapflow.packet.batch.BatcherConfig;
import io.tapflow.packet.decode.DecodeStatus;
import io.tapflow.packet.decode.DecodedPacket;
import io.tapflow.packet.decode.PacketDecoder;
import io.tapflow.packet.pcap.CaptureFileReader;
import io.tapflow.packet.pcap.CapturedFrame;
import io.tapflow.schema.PacketBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Offline replay throughput of packet-core on a big generated capture, next to argus, tcptrace and
 * tshark reading the same file, in packets per CPU-second (process CPU: the application and GC
 * threads count). Every stage first runs unmeasured on the first million packets so that the JIT
 * compiler's work, which a long-running agent pays once, is not measured.
 *
 * <pre>
 * ./tapflow bench-decode [--file F | --scenario mix|bulk] [--packets 10M] [--snaplen 256] [--passes 2] [--no-tools]
 * </pre>
 *
 * Stages, each a full pass over the file: read (pcap reader only), read+decode, read+decode+batch
 * (CaptureReplay → PacketBatches) on a fresh pipeline ("cold": its flow table and pools fill up
 * during the pass) and on one that has already replayed the file ("warm": a long-running agent),
 * and warm +avro (each batch also serialised as the Kafka producer would, without the network).
 * The ratios and the summary use the warm pass. The capture-agent's benchmark adds Kafka.
 * A benchmark, not a test: it asserts nothing and prints one summary line at the end.
 */
public final class ReplayBenchmark {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** Frames per pass while warming up the JIT (0 = whole file, the measured passes). */
    private static long limit;

    /** One measured run (public: the capture-agent benchmark reuses it and {@link #tool}). */
    public record Result(String name, long packets, double cpuSeconds, double wallSeconds, long maxRssKb,
                         double gcSeconds) {
        public Result(String name, long packets, double cpuSeconds, double wallSeconds, long maxRssKb) {
            this(name, packets, cpuSeconds, wallSeconds, maxRssKb, 0);
        }

        public double packetsPerCpuSecond() {
            return packets / cpuSeconds;
        }

        public double nsPerPacket() {
            return cpuSeconds * 1e9 / packets;
        }
    }

    private ReplayBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path file = null;
        long packets = 10_000_000;
        int snaplen = 256;
        int passes = 2;
        boolean tools = true;
        String scenario = "mix";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--file": file = Path.of(args[++i]); break;
                case "--packets": packets = parseCount(args[++i]); break;
                case "--snaplen": snaplen = Integer.parseInt(args[++i]); break;
                case "--passes": passes = Integer.parseInt(args[++i]); break;
                case "--no-tools": tools = false; break;
                case "--scenario": scenario = args[++i]; break;
                default: throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--file F --scenario mix|bulk --packets N --snaplen B --passes N --no-tools)");
            }
        }
        if (file == null) {
            file = Path.of(System.getProperty("java.io.tmpdir"), "tapflow-bench",
                    scenario + "-" + packets + "-snap" + snaplen + ".pcap");
        }
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            System.out.printf("generating %s (%d packets, snap length %d)...%n", file, packets, snaplen);
            long t0 = System.nanoTime();
            new CaptureGenerator().seed(1).packets(packets).snapLength(snaplen).writeTruthFile(false)
                    .generate(scenario, file);
            System.out.printf("generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("capture: %s, %.1f MB%n", file, Files.size(file) / 1e6);
        Path capture = file;

        limit = 1_000_000;
        read(capture);
        decode(capture);
        batch(capture, true, false);
        limit = 0;
        List<Result> results = new ArrayList<>();
        results.add(best(passes, () -> read(capture)));
        results.add(best(passes, () -> decode(capture)));
        results.add(best(passes, () -> batch(capture, false, false)));
        results.add(best(passes, () -> batch(capture, false, true)));
        results.add(best(passes, () -> batch(capture, true, true)));
        if (tools) {
            results.add(tool("argus -r", file, "argus", "-r", file.toString(), "-w", "/dev/null"));
            results.add(tool("tcptrace", file, "tcptrace", "-n", file.toString()));
            results.add(tool("tshark -r", file, "tshark", "-r", file.toString(), "-q", "-n"));
        }
        print(results);
    }

    @FunctionalInterface
    interface Run {
        Result run() throws Exception;
    }

    private static Result best(int passes, Run run) throws Exception {
        Result best = null;
        for (int i = 0; i < passes; i++) {
            Result r = run.run();
            if (best == null || r.cpuSeconds < best.cpuSeconds) {
                best = r;
            }
        }
        return best;
    }

    private static Result measure(String name, Run body) throws Exception {
        System.gc();
        long gc0 = gcMillis();
        long cpu0 = OS.getProcessCpuTime();
        long wall0 = System.nanoTime();
        Result r = body.run();
        double cpu = (OS.getProcessCpuTime() - cpu0) / 1e9;
        double wall = (System.nanoTime() - wall0) / 1e9;
        return new Result(name, r.packets, cpu, wall, 0, (gcMillis() - gc0) / 1e3);
    }

    static Result read(Path file) throws Exception {
        return measure("read", () -> {
            CapturedFrame f = new CapturedFrame();
            long n = 0;
            long bytes = 0;
            try (CaptureFileReader reader = CaptureFileReader.open(file)) {
                while (reader.next(f)) {
                    n++;
                    bytes += f.capturedLength();
                    if (n == limit) {
                        break;
                    }
                }
            }
            sink(bytes);
            return new Result("read", n, 0, 0, 0);
        });
    }

    static Result decode(Path file) throws Exception {
        return measure("read+decode", () -> {
            CapturedFrame f = new CapturedFrame();
            DecodedPacket p = new DecodedPacket();
            PacketDecoder decoder = new PacketDecoder();
            long n = 0;
            long ok = 0;
            try (CaptureFileReader reader = CaptureFileReader.open(file)) {
                while ((limit == 0 || n < limit) && reader.next(f)) {
                    n++;
                    if (decoder.decode(f.linkType(), f.buffer(), f.offset(), f.capturedLength(), f.originalLength(),
                            f.tsUs(), p) == DecodeStatus.OK) {
                        ok += p.payloadLength();
                    }
                }
            }
            sink(ok);
            return new Result("read+decode", n, 0, 0, 0);
        });
    }

    /**
     * Read, decode and batch (and serialise with Avro when {@code avro}). {@code warm}: the pipeline
     * first replays the whole file once, unmeasured, then the measured pass replays it again with
     * timestamps moved past the first pass — a long-running agent, its flow table and pools warm.
     */
    static Result batch(Path file, boolean avro, boolean warm) throws Exception {
        String name = "read+decode+batch" + (avro ? "+avro" : "") + (warm ? " (warm)" : " (cold)");
        SpecificDatumWriter<PacketBatch> writer = new SpecificDatumWriter<>(PacketBatch.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        BinaryEncoder[] encoder = {null};
        long[] batches = {0, 0};
        CaptureReplay replay = new CaptureReplay(BatcherConfig.builder().agentId("bench").build(), (key, b) -> {
            batches[0]++;
            if (avro) {
                out.reset();
                encoder[0] = EncoderFactory.get().binaryEncoder(out, encoder[0]);
                try {
                    writer.write(b, encoder[0]);
                    encoder[0].flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                batches[1] += out.size();
            }
        });
        long shift = 0;
        if (warm) {
            long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
            replayShifted(file, replay, 0, span);
            shift = span[1] - span[0] + 1_000_000;
            batches[0] = 0;
            batches[1] = 0;
        }
        long shiftUs = shift;
        long framesBefore = replay.counters().framesRead();
        long decodedBefore = replay.counters().packetsDecoded();
        return measure(name, () -> {
            replayShifted(file, replay, shiftUs, null);
            replay.flushAll();
            long decoded = replay.counters().packetsDecoded() - decodedBefore;
            sink(batches[0] + batches[1]);
            if (avro) {
                System.out.printf(Locale.ROOT, "  %d batches, %.1f packets/batch, %.0f Avro bytes/packet%n", batches[0],
                        decoded / (double) batches[0], batches[1] / (double) decoded);
            }
            return new Result(name, replay.counters().framesRead() - framesBefore, 0, 0, 0);
        });
    }

    /** Feeds every frame of {@code file} to {@code replay} with its time moved by {@code shiftUs}. */
    private static void replayShifted(Path file, CaptureReplay replay, long shiftUs, long[] span) throws IOException {
        CapturedFrame f = new CapturedFrame();
        long n = 0;
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            while ((limit == 0 || n++ < limit) && reader.next(f)) {
                if (span != null) {
                    span[0] = Math.min(span[0], f.tsUs());
                    span[1] = Math.max(span[1], f.tsUs());
                }
                if (shiftUs != 0) {
                    f.set(f.buffer(), f.offset(), f.capturedLength(), f.originalLength(), f.tsUs() + shiftUs,
                            f.linkType(), f.interfaceId(), f.fileOffset());
                }
                replay.accept(f);
            }
        }
    }

    /** Runs an external tool under /usr/bin/time; its own CPU time (user + sys) and peak memory. */
    public static Result tool(String name, Path file, String... command) throws Exception {
        long packets = countFrames(file);
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "TIME %U %S %M %e"));
        cmd.addAll(List.of(command));
        Path err = Files.createTempFile("tapflow-bench-", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile()).start();
            if (!p.waitFor(3, TimeUnit.HOURS)) {
                p.destroyForcibly();
                return new Result(name + " (timed out)", packets, Double.NaN, Double.NaN, 0);
            }
            String timing = null;
            for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
                if (line.startsWith("TIME ")) {
                    timing = line;
                }
            }
            if (timing == null || p.exitValue() != 0) {
                return new Result(name + " (failed, exit " + p.exitValue() + ")", packets, Double.NaN, Double.NaN, 0);
            }
            String[] t = timing.split(" ");
            return new Result(name, packets, Double.parseDouble(t[1]) + Double.parseDouble(t[2]),
                    Double.parseDouble(t[4]), Long.parseLong(t[3]));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static long gcMillis() {
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    private static long frames = -1;

    private static long countFrames(Path file) throws IOException {
        if (frames < 0) {
            CapturedFrame f = new CapturedFrame();
            long n = 0;
            try (CaptureFileReader reader = CaptureFileReader.open(file)) {
                while (reader.next(f)) {
                    n++;
                }
            }
            frames = n;
        }
        return frames;
    }

    private static volatile long sunk;

    private static void sink(long v) {
        sunk += v;
    }

    private static void print(List<Result> results) {
        Result read = results.get(0);
        Result decode = results.get(1);
        Result cold = results.get(2);
        Result batch = results.get(3);
        Result avro = results.get(4);
        System.out.println();
        System.out.printf("%-32s %12s %14s %10s %10s %8s %10s%n", "stage / tool", "packets", "pkts/CPU-s", "ns/pkt",
                "wall s", "GC s", "vs warm batch");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-32s %12d %14.0f %10.1f %10.2f %8.2f %10s%n", r.name, r.packets,
                    r.packetsPerCpuSecond(), r.nsPerPacket(), r.wallSeconds, r.gcSeconds,
                    Double.isNaN(r.cpuSeconds) ? "-" : String.format(Locale.ROOT, "%.2fx",
                            batch.packetsPerCpuSecond() / r.packetsPerCpuSecond()));
        }
        double decodeAdds = (decode.nsPerPacket() - read.nsPerPacket()) / 1000;
        double batchAdds = (batch.nsPerPacket() - read.nsPerPacket()) / 1000;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "SUMMARY packets=%d read=%.2fM/cpu-s decode+batch=%.2fM/cpu-s (cold %.2fM, +avro %.2fM) "
                        + "decode_adds=%.3fus decode_and_batch_add=%.3fus (target <=0.3us) replay_target_2M=%s",
                read.packets, read.packetsPerCpuSecond() / 1e6, batch.packetsPerCpuSecond() / 1e6,
                cold.packetsPerCpuSecond() / 1e6, avro.packetsPerCpuSecond() / 1e6, decodeAdds, batchAdds,
                batch.packetsPerCpuSecond() >= 2e6 ? "met" : "missed"));
        for (Result r : results.subList(5, results.size())) {
            line.append(String.format(Locale.ROOT, " vs_%s=%s", r.name.split(" ")[0],
                    Double.isNaN(r.cpuSeconds) ? "n/a" : String.format(Locale.ROOT, "%.1fx",
                            batch.packetsPerCpuSecond() / r.packetsPerCpuSecond())));
        }
        System.out.println(line);
    }

    static long parseCount(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        long m = v.endsWith("k") ? 1_000 : v.endsWith("m") ? 1_000_000 : 1;
        return Long.parseLong(m == 1 ? v : v.substring(0, v.length() - 1)) * m;
    }
}
