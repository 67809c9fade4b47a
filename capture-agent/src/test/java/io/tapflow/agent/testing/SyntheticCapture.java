package io.tapflow.agent.testing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A classic pcap of UDP packets spread evenly over time: {@code flows} conversations (10.9.x.y:port
 * to 10.8.0.1:53, alternating directions), {@code packets} in all, {@code durationUs} of capture time.
 * Payloads are pseudo-random (incompressible). For tests that need volume over time (pacing,
 * outages, slow brokers), not protocol realism.
 */
public final class SyntheticCapture {
    private SyntheticCapture() {
    }

    public static void write(Path file, int flows, int packets, long durationUs) throws IOException {
        write(file, flows, packets, durationUs, 1);
    }

    /**
     * As {@link #write(Path, int, int, long)}, with every packet written {@code copies} times 1 µs apart
     * and TTL one lower each time, as a mirror port shows a packet seen on two switch ports.
     */
    public static void write(Path file, int flows, int packets, long durationUs, int copies) throws IOException {
        long start = 1_700_000_000_000_000L;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.write(header.array());
            int payload = 100;
            ByteBuffer rec = ByteBuffer.allocate(16 + 14 + 20 + 8 + payload);
            for (int n = 0; n < packets * copies; n++) {
                int i = n / copies;
                int copy = n % copies;
                long ts = start + durationUs * i / packets + copy;
                int flow = i % flows;
                boolean reply = (i / flows) % 2 == 1;
                int client = 0x0A090000 | flow;
                int server = 0x0A080001;
                int clientPort = 20000 + flow % 40000;
                rec.clear();
                rec.order(ByteOrder.LITTLE_ENDIAN).putInt((int) (ts / 1_000_000)).putInt((int) (ts % 1_000_000))
                        .putInt(rec.capacity() - 16).putInt(rec.capacity() - 16);
                rec.order(ByteOrder.BIG_ENDIAN);
                rec.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
                rec.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + payload)).putShort((short) i)
                        .putShort((short) 0).put((byte) (64 - copy)).put((byte) 17).putShort((short) 0)
                        .putInt(reply ? server : client).putInt(reply ? client : server);
                rec.putShort((short) (reply ? 53 : clientPort)).putShort((short) (reply ? clientPort : 53))
                        .putShort((short) (8 + payload)).putShort((short) 0);
                // payload bytes that do not compress away, so byte budgets in tests mean something
                long x = i * 0x9E3779B97F4A7C15L + 1;
                while (rec.hasRemaining()) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    rec.put((byte) x);
                }
                out.write(rec.array());
            }
        }
    }
}
