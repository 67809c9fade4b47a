package io.tapflow.packet.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.schema.FlowKey;
import io.tapflow.schema.PacketBatch;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class PacketBatchRoundTripTest {

    static FlowKey key() {
        return FlowKey.newBuilder().setIpVersion(4)
                .setIpSrc(ByteBuffer.wrap(new byte[] {10, 0, 0, 1})).setIpDst(ByteBuffer.wrap(new byte[] {10, 0, 0, 2}))
                .setPortSrc(40000).setPortDst(80).setProtocol(6).setVlan(0).setMacSrc(1).setMacDst(2)
                .setTunnelType(0).setTunnelId(0)
                .setTunnelIpSrc(ByteBuffer.allocate(0)).setTunnelIpDst(ByteBuffer.allocate(0)).build();
    }

    @Test
    void everyColumnSurvivesAvroSerialisation() throws Exception {
        Random random = new Random(7);
        int n = 1000;
        long[] ts = new long[n];
        long[] seq = new long[n];
        int[] win = new int[n];
        int[] len = new int[n];
        PacketBatchBuilder builder = new PacketBatchBuilder();
        long t = 1_700_000_000_000_000L;
        for (int i = 0; i < n; i++) {
            t += random.nextInt(1_000_000);
            ts[i] = t;
            seq[i] = random.nextLong() & 0xFFFFFFFFL;
            win[i] = random.nextInt(65536);
            len[i] = random.nextInt(1500);
            builder.add(t, i % 2, len[i] + 40, len[i], i % 256, seq[i], ~seq[i], win[i], 64);
            if (i == 0) {
                builder.addSynOptions(1460, 7, true, false);
            }
            if (i % 10 == 3) {
                builder.addPayloadPrefix(new byte[] {1, 2, 3, 4, 5}, 1, 3);
            }
        }
        PacketBatch batch = builder.build("agent", 3, 0, "eth0", 5, key());
        assertThat(builder.isEmpty()).isTrue();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(PacketBatch.class).write(batch, enc);
        enc.flush();
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
        PacketBatch back = new SpecificDatumReader<>(PacketBatch.class).read(null, dec);

        PacketCursor cursor = new PacketCursor().reset(back);
        int i = 0;
        int payloads = 0;
        while (cursor.next()) {
            assertThat(cursor.timestampUs()).isEqualTo(ts[i]);
            assertThat(cursor.direction()).isEqualTo(i % 2);
            assertThat(cursor.ipLength()).isEqualTo(len[i] + 40);
            assertThat(cursor.payloadLength()).isEqualTo(len[i]);
            assertThat(cursor.tcpFlags()).isEqualTo(i % 256);
            assertThat(cursor.seq()).isEqualTo(seq[i]);
            assertThat(cursor.ack()).isEqualTo(~seq[i] & 0xFFFFFFFFL);
            assertThat(cursor.window()).isEqualTo(win[i]);
            assertThat(cursor.ttl()).isEqualTo(64);
            assertThat(cursor.synOptions() != null).isEqualTo(i == 0);
            if (cursor.payload() != null) {
                payloads++;
                assertThat(cursor.payload().remaining()).isEqualTo(3);
                assertThat(cursor.payload().get(cursor.payload().position())).isEqualTo((byte) 2);
            }
            i++;
        }
        assertThat(i).isEqualTo(n);
        assertThat(payloads).isEqualTo(100);
    }

    @Test
    void outOfOrderTimestampsAreClampedAndReported() throws Exception {
        PacketBatchBuilder builder = new PacketBatchBuilder();
        assertThat(builder.add(1000, 0, 40, 0, 2, 1, 0, 100, 64)).isFalse();
        assertThat(builder.add(900, 1, 40, 0, 18, 1, 2, 100, 64)).isTrue();
        PacketCursor cursor = new PacketCursor().reset(builder.build("a", 3, 0, "f", 0, key()));
        cursor.next();
        cursor.next();
        assertThat(cursor.timestampUs()).isEqualTo(1000);
    }

    @Test
    void aColumnShorterThanTheCountIsRejectedBeforeAnyPacketIsRead() {
        PacketBatchBuilder builder = new PacketBatchBuilder();
        builder.add(1000, 0, 40, 0, 2, 1, 0, 100, 64);
        builder.add(1001, 1, 40, 0, 18, 1, 2, 100, 64);
        PacketBatch batch = builder.build("a", 3, 0, "f", 0, key());
        batch.setWindows(ByteBuffer.wrap(new byte[] {100}));
        assertThatThrownBy(() -> new PacketCursor().reset(batch))
                .isInstanceOf(MalformedBatchException.class)
                .hasMessageContaining("windows holds 1 values for 2 packets");
        batch.setWindows(ByteBuffer.wrap(new byte[] {(byte) 0x80, (byte) 0x80}));
        assertThatThrownBy(() -> new PacketCursor().reset(batch)).isInstanceOf(MalformedBatchException.class);
        batch.setPacketCount(0);
        assertThatThrownBy(() -> new PacketCursor().reset(batch))
                .satisfies(e -> assertThat(((MalformedBatchException) e).reasonCode()).isEqualTo("empty_batch"));
    }
}
