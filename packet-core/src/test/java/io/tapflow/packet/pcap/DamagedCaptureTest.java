package io.tapflow.packet.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.gen.CaptureGenerator;
import io.tapflow.packet.CaptureReplay;
import io.tapflow.packet.batch.BatcherConfig;
import io.tapflow.packet.oracle.Tshark;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Truncated and corrupt captures: a clear error naming the file and the byte offset of the damage,
 * counted, no crash, and every packet before the damage delivered (as tshark delivers them).
 */
class DamagedCaptureTest {
    @TempDir
    Path dir;

    /** Offsets of every record/block holding a frame, in file order. */
    private static List<Long> frameOffsets(Path file) throws IOException {
        List<Long> offsets = new ArrayList<>();
        CapturedFrame f = new CapturedFrame();
        try (CaptureFileReader r = CaptureFileReader.open(file)) {
            while (r.next(f)) {
                offsets.add(f.fileOffset());
            }
        }
        return offsets;
    }

    private Path generate(String name, String format) throws IOException {
        Path file = dir.resolve(name);
        new CaptureGenerator().seed(9).format(format).writeTruthFile(false).generate("http", file);
        return file;
    }

    /** Replays {@code file}; returns the packets decoded before the error, which must be thrown. */
    private static long replayExpectingDamage(Path file, long damageOffset, String problem) throws IOException {
        AtomicLong packetsInBatches = new AtomicLong();
        CaptureReplay replay = new CaptureReplay(BatcherConfig.builder().agentId("t").build(),
                (k, b) -> packetsInBatches.addAndGet(b.getPacketCount()));
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            assertThatThrownBy(() -> replay.run(reader))
                    .isInstanceOf(CaptureFormatException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("at byte offset " + damageOffset)
                    .hasMessageContaining(problem)
                    .satisfies(e -> assertThat(((CaptureFormatException) e).offset()).isEqualTo(damageOffset));
        }
        assertThat(replay.counters().formatErrors()).isEqualTo(1);
        // every decoded packet reached a batch: the batcher was flushed after the error
        assertThat(packetsInBatches.get()).isEqualTo(replay.counters().packetsDecoded());
        return replay.counters().framesRead();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pcap", "pcapng"})
    void truncatedInsideAPacketDeliversEveryPacketBefore(String format) throws Exception {
        Path file = generate("cut." + format, format);
        List<Long> offsets = frameOffsets(file);
        int k = offsets.size() / 2;
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut-short." + format);
        Files.write(cut, Arrays.copyOf(bytes, (int) (offsets.get(k) + 30)));

        long delivered = replayExpectingDamage(cut, offsets.get(k), "truncated");
        assertThat(delivered).isEqualTo(k);
        if (Tshark.installed()) {
            assertThat(Tshark.dissectDamaged(cut).frames).as("tshark reads the same good packets").isEqualTo(k);
        }
    }

    @Test
    void truncatedInsideARecordHeader() throws Exception {
        Path file = generate("hdr.pcap", "pcap");
        List<Long> offsets = frameOffsets(file);
        int k = 7;
        Path cut = dir.resolve("cut-header.pcap");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(file), (int) (offsets.get(k) + 9)));
        assertThat(replayExpectingDamage(cut, offsets.get(k), "truncated record header")).isEqualTo(k);
    }

    @Test
    void corruptRecordLengthIsAnErrorNotAnAllocation() throws Exception {
        Path file = generate("bad.pcap", "pcap");
        List<Long> offsets = frameOffsets(file);
        int k = 11;
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt((int) (offsets.get(k) + 8), 0x7FFF0000);
        Path bad = dir.resolve("corrupt-length.pcap");
        Files.write(bad, bytes);
        assertThat(replayExpectingDamage(bad, offsets.get(k), "corrupt record header")).isEqualTo(k);
    }

    @Test
    void corruptPcapngBlockTrailer() throws Exception {
        Path file = generate("bad.pcapng", "pcapng");
        List<Long> offsets = frameOffsets(file);
        int k = 5;
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int blockLength = b.getInt((int) (offsets.get(k) + 4));
        b.putInt((int) (offsets.get(k) + blockLength - 4), blockLength + 4);
        Path bad = dir.resolve("corrupt-trailer.pcapng");
        Files.write(bad, bytes);
        assertThat(replayExpectingDamage(bad, offsets.get(k), "trailing length")).isEqualTo(k);
    }

    @Test
    void notACaptureFile() throws Exception {
        Path junk = dir.resolve("junk.bin");
        Files.writeString(junk, "this is not a capture file at all");
        assertThatThrownBy(() -> CaptureFileReader.open(junk))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("junk.bin")
                .hasMessageContaining("not a pcap or pcapng file")
                .hasMessageContaining("at byte offset 0");
        Path empty = dir.resolve("empty.pcap");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> CaptureFileReader.open(empty)).hasMessageContaining("empty input");
    }
}
