package io.tapflow.packet.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.gen.CaptureGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A damaged file ends in a clean end or a {@link CaptureFormatException}, nothing else. */
class MutatedFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"pcap", "pcap-ns", "pcapng"})
    void randomDamageIsAFormatErrorOrNothing(String format) throws Exception {
        Path file = dir.resolve("dns." + format);
        new CaptureGenerator().seed(1).format(format).writeTruthFile(false).generate("dns", file);
        byte[] original = Files.readAllBytes(file);
        SplittableRandom random = new SplittableRandom(format.hashCode());
        int errors = 0;
        for (int round = 0; round < 500; round++) {
            byte[] bytes = original.clone();
            for (int c = 0; c < 1 + random.nextInt(3); c++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(3) == 0 ? random.nextInt(bytes.length) : bytes.length;
            CapturedFrame f = new CapturedFrame();
            try (CaptureFileReader r = CaptureFileReader.open(new ByteArrayInputStream(bytes, 0, length), "fuzz")) {
                while (r.next(f)) {
                    assertThat(f.capturedLength()).isBetween(0, length);
                    assertThat(f.offset() + f.capturedLength()).isLessThanOrEqualTo(f.buffer().length);
                }
            } catch (CaptureFormatException e) {
                assertThat(e.offset()).isBetween(0L, (long) length);
                errors++;
            } catch (IOException e) {
                throw new AssertionError("not a format error", e);
            }
        }
        assertThat(errors).isPositive();
    }
}
