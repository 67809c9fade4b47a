package io.tapflow.jobs;

import io.tapflow.flow.FlowEngineConfig;
import io.tapflow.flow.FlowEngineFunction;
import io.tapflow.flow.FlowPartitionKey;
import io.tapflow.packet.CaptureReplay;
import io.tapflow.packet.DecodeCounters;
import io.tapflow.packet.pcap.CaptureFileReader;
import io.tapflow.packet.pcap.CaptureFormatException;
import io.tapflow.replay.CaptureSettings;
import io.tapflow.replay.CaptureStreamFormat;
import io.tapflow.schema.PacketBatch;
import io.tapflow.sink.jsonl.JsonLinesSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code tapflow replay CAPTURE [--out FILE]}: runs the flow engine on a capture file in a Flink
 * MiniCluster and writes one JSON object per line per flow-log record ({@code "log_type": "l4"},
 * then the ClickHouse column names).
 *
 * <p>The file is scanned once before the job: a damaged capture is cut at the damage, the good
 * packets before it are processed, and the command ends with a one-line error naming the file and
 * byte offset and exit status 3. With parallelism 1 (the default) the output is identical on every
 * run: watermarks advance with every batch, so timers fire at the same points of the input.
 */
public final class ReplayJob {
    /** Watermarks trail the newest batch by this much: the agent's 1 s flush interval plus slack. */
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(2);

    private static final int EXIT_USAGE = 2;
    private static final int EXIT_DAMAGED = 3;

    private ReplayJob() {}

    public static void main(String[] args) throws Exception {
        ReplayOptions options;
        try {
            options = ReplayOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("tapflow replay: " + e.getMessage());
            System.err.println(ReplayOptions.USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        System.exit(run(options));
    }

    /** Runs the replay; returns the process exit status. */
    public static int run(ReplayOptions options) throws Exception {
        Path capture = options.capture();
        if (!Files.isReadable(capture)) {
            System.err.println("tapflow replay: " + capture + ": no such readable file");
            return EXIT_USAGE;
        }
        ScanResult scan;
        try {
            scan = scan(capture, options.settings());
        } catch (IOException e) {
            System.err.println("tapflow replay: " + capture + ": " + e.getMessage());
            return EXIT_USAGE;
        }
        long started = System.nanoTime();
        Parts parts = Parts.create();
        JobExecutionResult result;
        try {
            result = runJob(capture, options, scan, parts);
            parts.concatenateInto(options.out());
        } finally {
            parts.delete();
        }
        long records = result.getAccumulatorResult(FlowEngineFunction.RECORDS_ACCUMULATOR) instanceof Long n ? n : -1;
        long l7Records = result.getAccumulatorResult(FlowEngineFunction.L7_ACCUMULATOR) instanceof Long n ? n : -1;
        double seconds = (System.nanoTime() - started) / 1e9;
        DecodeCounters c = scan.counters;
        System.err.printf("tapflow replay: %s: %d packets read, %d decoded, %d dropped (%s), %d flow-log records, %d L7 records in %.1f s%n",
                capture, c.framesRead(), c.packetsDecoded(), c.droppedTotal(), c, records, l7Records, seconds);
        if (scan.damage != null) {
            System.err.println("tapflow replay: " + capture + ": damaged capture at byte offset " + scan.damage.offset()
                    + ": " + scan.damage.getMessage() + " (the " + c.framesRead() + " packets before it were processed)");
            return EXIT_DAMAGED;
        }
        return 0;
    }

    private static JobExecutionResult runJob(Path capture, ReplayOptions options, ScanResult scan, Parts parts) throws Exception {
        Configuration conf = new Configuration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(options.parallelism(), conf);
        CaptureSettings settings = options.settings().withCaptureName(capture.toString())
                .withReadLimit(scan.damage == null ? Long.MAX_VALUE : scan.damage.offset());
        FileSource<PacketBatch> source = FileSource
                .forRecordStreamFormat(new CaptureStreamFormat(settings), new org.apache.flink.core.fs.Path(capture.toUri()))
                .build();
        long boundMs = options.outOfOrderness().toMillis();
        WatermarkStrategy<PacketBatch> watermarks = WatermarkStrategy
                .<PacketBatch>forGenerator(ctx -> new EveryBatchWatermarks(boundMs))
                .withTimestampAssigner((batch, ts) -> Math.floorDiv(batch.getBaseTsUs(), 1000L));
        var flowLogs = env.fromSource(source, watermarks, "capture " + capture.getFileName())
                .keyBy(new FlowPartitionKey())
                .process(new FlowEngineFunction(options.engineConfig()))
                .name("flow engine");
        // one part file per record kind, each written in the engine's order; concatenated afterwards
        flowLogs.sinkTo(new JsonLinesSink<>(parts.l4, "l4")).name("l4 json lines").setParallelism(1);
        flowLogs.getSideOutput(FlowEngineFunction.L7_RECORDS)
                .sinkTo(new JsonLinesSink<>(parts.l7, "l7")).name("l7 json lines").setParallelism(1);
        return env.execute("tapflow replay " + capture.getFileName());
    }

    /** Reads the whole file once through the agent's decoder: counts, and the offset of any damage. */
    private static ScanResult scan(Path capture, CaptureSettings settings) throws IOException {
        CaptureReplay replay = new CaptureReplay(settings.withCaptureName(capture.toString()).batcherConfig(),
                (key, batch) -> { });
        try (CaptureFileReader reader = CaptureFileReader.open(capture)) {
            replay.run(reader);
            return new ScanResult(replay.counters(), null);
        } catch (CaptureFormatException e) {
            return new ScanResult(replay.counters(), e);
        }
    }

    private record ScanResult(DecodeCounters counters, CaptureFormatException damage) {}

    /** The job's two output files: L4 lines, then L7 lines, joined into the output at the end. */
    private record Parts(Path l4, Path l7) {
        static Parts create() throws IOException {
            return new Parts(Files.createTempFile("tapflow-replay-l4-", ".jsonl"), Files.createTempFile("tapflow-replay-l7-", ".jsonl"));
        }

        void concatenateInto(Path out) throws IOException {
            java.io.OutputStream target = out == null ? System.out : Files.newOutputStream(out);
            try {
                Files.copy(l4, target);
                Files.copy(l7, target);
                target.flush();
            } finally {
                if (out != null) {
                    target.close();
                }
            }
        }

        void delete() throws IOException {
            Files.deleteIfExists(l4);
            Files.deleteIfExists(l7);
        }
    }

    /** A watermark after every batch, so timers fire at the same points of the input on every run. */
    private static final class EveryBatchWatermarks implements WatermarkGenerator<PacketBatch> {
        private final long boundMs;
        private long maxTs = Long.MIN_VALUE;

        EveryBatchWatermarks(long boundMs) {
            this.boundMs = boundMs;
        }

        @Override
        public void onEvent(PacketBatch batch, long ts, WatermarkOutput out) {
            if (ts > maxTs) {
                maxTs = ts;
                out.emitWatermark(new Watermark(maxTs - boundMs));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput out) {
        }
    }
}
