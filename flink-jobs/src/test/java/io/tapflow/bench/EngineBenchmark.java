package io.tapflow.bench;

import io.tapflow.flow.EngineOutput;
import io.tapflow.flow.FlowEngine;
import io.tapflow.flow.FlowEngineConfig;
import io.tapflow.flow.FlowMeter;
import io.tapflow.flow.FlowPartitionKey;
import io.tapflow.flow.FlowState;
import io.tapflow.gen.CaptureGenerator;
import io.tapflow.packet.CaptureReplay;
import io.tapflow.packet.batch.BatcherConfig;
import io.tapflow.packet.batch.MalformedBatchException;
import io.tapflow.packet.batch.PacketCursor;
import io.tapflow.packet.bench.ReplayBenchmark;
import io.tapflow.packet.pcap.CaptureFileReader;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.PacketBatch;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The flow engine on a big generated capture, next to argus and tcptrace on the same file, in packets
 * and new flows per CPU-second of the process (GC and JIT threads count).
 *
 * <pre>./tapflow bench-engine [--file F] [--packets 2000000] [--passes 2] [--no-tools]</pre>
 *
 * Two engine figures: "engine" = the state machine, records and meters over batches already decoded
 * in memory, with per-flow state in a hash map keyed like Flink's keyed state (the cost Flink adds on
 * top — serialization between operators, checkpoints — is not in it); "decode+engine" = the pcap read,
 * decoded and batched by packet-core, then the engine, in one pass, which is what argus and tcptrace
 * do. A benchmark, not a test: it asserts nothing and prints one SUMMARY line.
 */
public final class EngineBenchmark {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private EngineBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path file = null;
        long packets = 2_000_000;
        int passes = 2;
        boolean tools = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--file" -> file = Path.of(args[++i]);
                case "--packets" -> packets = Long.parseLong(args[++i]);
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--no-tools" -> tools = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (file == null) {
            file = Files.createTempDirectory("tapflow-bench").resolve("mix.pcap");
            System.out.printf("generating %d packets of mixed traffic into %s%n", packets, file);
            new CaptureGenerator().seed(1).packets(packets).writeTruthFile(false).generate("mix", file);
        }
        Path capture = file;
        List<PacketBatch> batches = batches(capture);
        long packetCount = batches.stream().mapToLong(PacketBatch::getPacketCount).sum();
        System.out.printf("%s: %d packets in %d batches%n", file, packetCount, batches.size());

        double[] engine = best(passes, () -> runEngine(batches));
        double[] decodeEngine = best(passes, () -> runDecodeAndEngine(capture));
        ReplayBenchmark.Result argus = tools ? ReplayBenchmark.tool("argus -r", file, "argus", "-r", file.toString(), "-w", "/dev/null") : null;
        ReplayBenchmark.Result tcptrace = tools ? ReplayBenchmark.tool("tcptrace", file, "tcptrace", "-n", file.toString()) : null;

        double enginePps = packetCount / engine[0];
        double decodePps = packetCount / decodeEngine[0];
        System.out.printf(Locale.ROOT, "engine:        %.2f M packets/cpu-s, %.0f k new flows/cpu-s (%d flows, %d records)%n",
                enginePps / 1e6, engine[1] / engine[0] / 1e3, (long) engine[1], (long) engine[2]);
        System.out.printf(Locale.ROOT, "decode+engine: %.2f M packets/cpu-s%n", decodePps / 1e6);
        StringBuilder peers = new StringBuilder();
        for (ReplayBenchmark.Result r : new ReplayBenchmark.Result[] {argus, tcptrace}) {
            if (r != null) {
                System.out.printf(Locale.ROOT, "%-14s %.2f M packets/cpu-s%n", r.name() + ":", r.packetsPerCpuSecond() / 1e6);
                peers.append(String.format(Locale.ROOT, " vs_%s=%.1fx", r.name().split(" ")[0],
                        decodePps / r.packetsPerCpuSecond()));
            }
        }
        System.out.printf(Locale.ROOT, "SUMMARY packets=%d engine=%.2fM/cpu-s new_flows=%.0fk/cpu-s decode+engine=%.2fM/cpu-s%s%n",
                packetCount, enginePps / 1e6, engine[1] / engine[0] / 1e3, decodePps / 1e6, peers);
    }

    private static List<PacketBatch> batches(Path file) throws Exception {
        List<PacketBatch> out = new ArrayList<>();
        CaptureReplay replay = new CaptureReplay(BatcherConfig.defaults(), (key, batch) -> out.add(batch));
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            replay.run(reader);
        }
        return out;
    }

    /** {cpu seconds, new flows, records} of the best pass. */
    private static double[] best(int passes, Pass pass) throws Exception {
        double[] best = null;
        for (int i = 0; i < passes; i++) {
            long cpu0 = OS.getProcessCpuTime();
            double[] r = pass.run();
            r[0] = (OS.getProcessCpuTime() - cpu0) / 1e9;
            if (best == null || r[0] < best[0]) {
                best = r;
            }
        }
        return best;
    }

    private interface Pass {
        double[] run() throws Exception;
    }

    private static double[] runEngine(List<PacketBatch> batches) throws MalformedBatchException {
        Engine e = new Engine();
        for (PacketBatch b : batches) {
            e.accept(b);
        }
        return e.finish();
    }

    private static double[] runDecodeAndEngine(Path file) throws Exception {
        Engine e = new Engine();
        CaptureReplay replay = new CaptureReplay(BatcherConfig.defaults(), (key, batch) -> {
            try {
                e.accept(batch);
            } catch (MalformedBatchException ex) {
                throw new IllegalStateException(ex);
            }
        });
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            replay.run(reader);
        }
        return e.finish();
    }

    /** The engine with keyed state emulated by a hash map, as Flink's heap state backend holds it. */
    private static final class Engine implements EngineOutput {
        private final FlowEngine engine = new FlowEngine(FlowEngineConfig.defaults());
        private final FlowPartitionKey keys = new FlowPartitionKey();
        private final PacketCursor cursor = new PacketCursor();
        private final Map<String, FlowState> state = new HashMap<>();
        private long newFlows;
        private long records;

        void accept(PacketBatch batch) throws MalformedBatchException {
            String key = keys.getKey(batch);
            FlowState s = engine.onBatch(state.get(key), batch, cursor.reset(batch), this);
            if (s == null) {
                state.remove(key);
            } else {
                state.put(key, s);
            }
        }

        double[] finish() {
            for (FlowState s : state.values()) {
                FlowState left = s;
                while (left != null) {
                    left = engine.advance(left, engine.nextWakeUpUs(left), this);
                }
            }
            return new double[] {0, newFlows, records};
        }

        @Override
        public void record(L4FlowLog record) {
            records++;
            if (record.getIsNewFlow() == 1) {
                newFlows++;
            }
        }

        @Override
        public void l7(io.tapflow.schema.L7FlowLog record) {
            // counted by the L7 benchmark; here only their cost is measured
        }

        @Override
        public void meter(FlowMeter meter) {
            // produced, so their cost is measured; the metrics rollup is benchmarked on its own
        }
    }
}
