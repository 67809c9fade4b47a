package io.tapflow.packet.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.gen.CaptureGenerator;
import io.tapflow.gen.io.PcapWriter;
import io.tapflow.packet.CaptureReplay;
import io.tapflow.packet.decode.PacketDecoder;
import io.tapflow.packet.pcap.CaptureFileReader;
import io.tapflow.packet.pcap.CapturedFrame;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirror-port copies: the same packet again, other MACs and TTL, shortly after. */
class DuplicateFilterTest {
    @TempDir
    Path dir;

    /** Rewrites {@code source} with every frame followed by a mirror copy {@code delayUs} later. */
    private Path withCopies(Path source, long delayUs) throws Exception {
        Path out = dir.resolve("mirrored-" + delayUs + ".pcap");
        CapturedFrame f = new CapturedFrame();
        try (CaptureFileReader reader = CaptureFileReader.open(source);
             PcapWriter writer = new PcapWriter(out, 1, false)) {
            java.util.List<long[]> pendingTimes = new java.util.ArrayList<>();
            java.util.List<byte[]> pendingCopies = new java.util.ArrayList<>();
            while (reader.next(f)) {
                byte[] frame = java.util.Arrays.copyOfRange(f.buffer(), f.offset(), f.offset() + f.capturedLength());
                flushCopiesBefore(writer, pendingTimes, pendingCopies, f.tsUs());
                writer.write(f.tsUs(), frame, 0, frame.length, frame.length);
                byte[] copy = frame.clone();
                copy[5] ^= 0x01;  // another destination MAC: the other side of the switch
                copy[11] ^= 0x01; // and source MAC
                if ((copy[12] & 0xFF) == 0x08 && copy[13] == 0 && copy.length > 22) {
                    copy[22]--;   // one hop later: TTL - 1
                }
                pendingTimes.add(new long[] {f.tsUs() + delayUs});
                pendingCopies.add(copy);
            }
            flushCopiesBefore(writer, pendingTimes, pendingCopies, Long.MAX_VALUE);
        }
        return out;
    }

    private static void flushCopiesBefore(PcapWriter w, java.util.List<long[]> times, java.util.List<byte[]> copies,
                                          long ts) throws Exception {
        while (!times.isEmpty() && times.get(0)[0] <= ts) {
            byte[] c = copies.remove(0);
            w.write(times.remove(0)[0], c, 0, c.length, c.length);
        }
    }

    private static long[] replay(Path file, DuplicateFilter filter) throws Exception {
        AtomicLong batched = new AtomicLong();
        CaptureReplay replay = new CaptureReplay(new PacketDecoder(), filter,
                BatcherConfig.builder().agentId("t").build(), (k, b) -> batched.addAndGet(b.getPacketCount()));
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            replay.run(reader);
        }
        return new long[] {replay.counters().packetsDecoded(), batched.get(), replay.counters().duplicates()};
    }

    @Test
    void copiesWithinTheWindowAreDroppedAndCountedOthersKept() throws Exception {
        Path original = dir.resolve("http.pcap");
        new CaptureGenerator().seed(4).writeTruthFile(false).generate("http", original);
        long packets = replay(original, null)[0];

        long[] close = replay(withCopies(original, 20), new DuplicateFilter());
        assertThat(close[0]).isEqualTo(2 * packets);
        assertThat(close[2]).isEqualTo(packets);
        assertThat(close[1]).isEqualTo(packets);

        long[] unfiltered = replay(withCopies(original, 20), null);
        assertThat(unfiltered[1]).isEqualTo(2 * packets);

        long[] late = replay(withCopies(original, 5_000), new DuplicateFilter());
        assertThat(late[2]).as("a copy 5 ms later is not a mirror duplicate").isZero();
        assertThat(late[1]).isEqualTo(2 * packets);
    }
}
