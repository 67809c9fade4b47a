package io.tapflow.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.packet.batch.BatcherConfig;
import io.tapflow.packet.batch.PacketCursor;
import io.tapflow.packet.pcap.CaptureFileReader;
import io.tapflow.schema.PacketBatch;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A hand-built two-packet TCP exchange through reader, decoder and batcher. */
class CaptureReplaySmokeTest {

    static byte[] tcpFrame(int srcIp, int dstIp, int srcPort, int dstPort, int flags, long seq, long ack, int payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20 + payload);
        b.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (40 + payload)).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).putInt(srcIp).putInt(dstIp);
        b.putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq).putInt((int) ack)
                .put((byte) 0x50).put((byte) flags).putShort((short) 1000).putShort((short) 0).putShort((short) 0);
        for (int i = 0; i < payload; i++) {
            b.put((byte) ('a' + i % 26));
        }
        return b.array();
    }

    static byte[] pcap(ByteOrder order, boolean nanos, long[] ts, byte[]... frames) {
        int size = 24;
        for (byte[] f : frames) {
            size += 16 + f.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(order);
        b.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65535).putInt(1);
        for (int i = 0; i < frames.length; i++) {
            b.putInt((int) (ts[i] / 1_000_000)).putInt((int) (nanos ? ts[i] % 1_000_000 * 1000 : ts[i] % 1_000_000))
                    .putInt(frames[i].length).putInt(frames[i].length).put(frames[i]);
        }
        return b.array();
    }

    @Test
    void bothDirectionsLandInOneBatchWithDirections() throws Exception {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            for (boolean nanos : new boolean[] {false, true}) {
                byte[] file = pcap(order, nanos, new long[] {1_700_000_000_000_001L, 1_700_000_000_000_501L},
                        tcpFrame(0x0A000001, 0x0A000002, 40000, 80, 0x18, 1, 1, 10),
                        tcpFrame(0x0A000002, 0x0A000001, 80, 40000, 0x10, 1, 11, 0));
                List<PacketBatch> batches = new ArrayList<>();
                List<byte[]> keys = new ArrayList<>();
                CaptureReplay replay = new CaptureReplay(BatcherConfig.builder().agentId("t").build(), (k, b) -> {
                    keys.add(k);
                    batches.add(b);
                });
                try (CaptureFileReader reader = CaptureFileReader.open(new ByteArrayInputStream(file), "mem")) {
                    replay.run(reader);
                }
                assertThat(replay.counters().packetsDecoded()).isEqualTo(2);
                assertThat(batches).hasSize(1);
                PacketBatch batch = batches.get(0);
                assertThat(batch.getKey().getPortSrc()).isEqualTo(40000);
                PacketCursor cursor = new PacketCursor().reset(batch);
                assertThat(cursor.next()).isTrue();
                assertThat(cursor.timestampUs()).isEqualTo(1_700_000_000_000_001L);
                assertThat(cursor.direction()).isZero();
                assertThat(cursor.payloadLength()).isEqualTo(10);
                assertThat(cursor.payload().remaining()).isEqualTo(10);
                assertThat(cursor.next()).isTrue();
                assertThat(cursor.direction()).isOne();
                assertThat(cursor.timestampUs() - batch.getBaseTsUs()).isEqualTo(500);
                assertThat(cursor.ack()).isEqualTo(11);
            }
        }
    }
}
