package io.tapflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerSetTest {
    @Test
    void countsDistinctAddressesThroughGrowthAndMerges() {
        PeerSet a = new PeerSet();
        PeerSet b = new PeerSet();
        Set<String> truth = new HashSet<>();
        Random r = new Random(3);
        for (int i = 0; i < 5_000; i++) {
            long hi = r.nextInt(3) == 0 ? r.nextLong() : 0;
            long lo = r.nextInt(700);
            PeerSet target = i % 2 == 0 ? a : b;
            boolean added = target.add(hi, lo);
            assertThat(target.contains(hi, lo)).isTrue();
            if (target == a) {
                assertThat(added).isEqualTo(!a.contains(hi, lo) || added);
            }
            truth.add(hi + ":" + lo);
        }
        PeerSet union = a.copy();
        union.addAll(b);
        assertThat(union.size()).isEqualTo(truth.size());
        assertThat(a.size()).isLessThanOrEqualTo(union.size());
    }

    @Test
    void theZeroAddressIsAnAddress() {
        PeerSet s = new PeerSet();
        assertThat(s.add(0, 0)).isTrue();
        assertThat(s.add(0, 0)).isFalse();
        assertThat(s.add(0, 1)).isTrue();
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.contains(0, 0)).isTrue();
        assertThat(s.contains(0, 2)).isFalse();
    }
}
