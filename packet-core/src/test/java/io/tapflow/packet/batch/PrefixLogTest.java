package io.tapflow.packet.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrefixLogTest {
    @Test
    void retainedBytesSurviveWrapsAndGrowth() {
        PrefixLog log = new PrefixLog(64);
        SplittableRandom random = new SplittableRandom(1);
        ArrayDeque<long[]> live = new ArrayDeque<>(); // position, length, seed
        for (int i = 0; i < 20_000; i++) {
            // release the oldest entries now and then, as flushed batches do
            while (live.size() > 20 + random.nextInt(30)) {
                long[] e = live.peekFirst();
                byte[] back = new byte[(int) e[1]];
                log.copy(e[0], back, 0, back.length);
                assertThat(back).isEqualTo(bytes((int) e[1], e[2]));
                live.removeFirst();
            }
            log.retainFrom(live.isEmpty() ? log.position() : live.peekFirst()[0]);
            int length = 1 + random.nextInt(300);
            long seed = random.nextLong();
            byte[] data = bytes(length, seed);
            long at = log.append(data, 0, length);
            live.addLast(new long[] {at, length, seed});
        }
        for (long[] e : live) {
            byte[] back = new byte[(int) e[1]];
            log.copy(e[0], back, 0, back.length);
            assertThat(back).isEqualTo(bytes((int) e[1], e[2]));
        }
        assertThat(log.capacity()).isLessThan(1 << 16);
    }

    private static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
