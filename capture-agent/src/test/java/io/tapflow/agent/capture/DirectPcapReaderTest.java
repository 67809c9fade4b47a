package io.tapflow.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.agent.testing.SyntheticCapture;
import io.tapflow.packet.pcap.CaptureFileReader;
import io.tapflow.packet.pcap.CapturedFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

/** The direct libpcap reader returns exactly the frames packet-core's file reader returns. */
class DirectPcapReaderTest {

    @TempDir
    Path dir;

    @Test
    void sameFramesAsTheFileReader() throws Exception {
        assertThat(DirectPcapReader.available()).as(String.valueOf(DirectPcapReader.unavailableBecause())).isTrue();
        Path file = dir.resolve("x.pcap");
        SyntheticCapture.write(file, 7, 500, 3_000_000L);

        List<String> expected = new ArrayList<>();
        CapturedFrame frame = new CapturedFrame();
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            while (reader.next(frame)) {
                expected.add(describe(frame));
            }
        }
        List<String> actual = new ArrayList<>();
        try (PcapHandle handle = Pcaps.openOffline(file.toString())) {
            DirectPcapReader direct = new DirectPcapReader(handle, 65535);
            int r;
            while ((r = direct.next(frame, handle.getDlt().value())) == DirectPcapReader.PACKET) {
                actual.add(describe(frame));
            }
            assertThat(r).as("end of file").isEqualTo(DirectPcapReader.BREAK_OR_END);
            direct.release();
        }
        assertThat(actual).hasSize(500).isEqualTo(expected);
    }

    private static String describe(CapturedFrame f) {
        byte[] bytes = Arrays.copyOfRange(f.buffer(), f.offset(), f.offset() + f.capturedLength());
        return f.tsUs() + " " + f.capturedLength() + "/" + f.originalLength() + " link " + f.linkType() + " " + Arrays.hashCode(bytes);
    }
}
