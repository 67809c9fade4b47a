package io.tapflow.packet.bench;

import io.tapflow.gen.CaptureGenerator;
import io.tapflow.packet.batch.BatcherConfig;
import io.tapflow.packet.batch.FlowBatcher;
import io.tapflow.packet.decode.DecodeStatus;
import io.tapflow.packet.decode.DecodedPacket;
import io.tapflow.packet.decode.PacketDecoder;
import io.tapflow.packet.pcap.CaptureFileReader;
import io.tapflow.packet.pcap.CapturedFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * ns per packet of the hot path on the first {@link #PACKETS} packets of a generated "mix" capture
 * (snap length 256): reading the file, decoding frames held in memory, decoding and batching.
 * Each invocation handles every packet once, so the score is per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PacketPathJmh {
    static final int PACKETS = 200_000;

    Path file;
    byte[] frames;
    int[] offsets = new int[PACKETS];
    int[] lengths = new int[PACKETS];
    int[] originals = new int[PACKETS];
    long[] timestamps = new long[PACKETS];
    int linkType;
    long span;

    final PacketDecoder decoder = new PacketDecoder();
    final DecodedPacket packet = new DecodedPacket();
    final CapturedFrame frame = new CapturedFrame();
    FlowBatcher batcher;
    long pass;

    @Setup(Level.Trial)
    public void load() throws IOException {
        file = Path.of(System.getProperty("java.io.tmpdir"), "tapflow-bench", "jmh-mix-" + PACKETS + ".pcap");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            new CaptureGenerator().seed(2).packets(PACKETS).snapLength(256).writeTruthFile(false).generate("mix", file);
        }
        frames = new byte[(int) Files.size(file)];
        int at = 0;
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            for (int i = 0; i < PACKETS && reader.next(frame); i++) {
                System.arraycopy(frame.buffer(), frame.offset(), frames, at, frame.capturedLength());
                offsets[i] = at;
                lengths[i] = frame.capturedLength();
                originals[i] = frame.originalLength();
                timestamps[i] = frame.tsUs();
                linkType = frame.linkType();
                at += frame.capturedLength();
            }
        }
        span = timestamps[PACKETS - 1] - timestamps[0] + 1_000_000;
    }

    @Setup(Level.Iteration)
    public void newBatcher(Blackhole bh) {
        batcher = new FlowBatcher(BatcherConfig.builder().agentId("jmh").build(), (k, b) -> bh.consume(b));
        pass = 0;
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long readFile() throws IOException {
        long bytes = 0;
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            for (int i = 0; i < PACKETS && reader.next(frame); i++) {
                bytes += frame.capturedLength();
            }
        }
        return bytes;
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long decode() {
        long payload = 0;
        for (int i = 0; i < PACKETS; i++) {
            if (decoder.decode(linkType, frames, offsets[i], lengths[i], originals[i], timestamps[i], packet)
                    == DecodeStatus.OK) {
                payload += packet.payloadLength();
            }
        }
        return payload;
    }

    /** Decode and batch; each pass shifts time forward so flows continue rather than travel back. */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void decodeAndBatch() {
        long shift = pass++ * span;
        for (int i = 0; i < PACKETS; i++) {
            if (decoder.decode(linkType, frames, offsets[i], lengths[i], originals[i], timestamps[i] + shift, packet)
                    == DecodeStatus.OK) {
                batcher.offer(packet);
            }
        }
    }

    /** The whole offline path: read the file, decode, batch. */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void readDecodeAndBatch() throws IOException {
        long shift = pass++ * span;
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            for (int i = 0; i < PACKETS && reader.next(frame); i++) {
                if (decoder.decode(frame.linkType(), frame.buffer(), frame.offset(), frame.capturedLength(),
                        frame.originalLength(), frame.tsUs() + shift, packet) == DecodeStatus.OK) {
                    batcher.offer(packet);
                }
            }
        }
    }
}
