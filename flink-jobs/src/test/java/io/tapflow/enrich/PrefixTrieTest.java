package io.tapflow.enrich;

import io.tapflow.schema.resource.IpPrefix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrefixTrieTest {

    @Test
    void walkListsMatchingPrefixesShortestFirstAndPrunesOnRemove() {
        PrefixTrie<String> t = new PrefixTrie<>();
        IpPrefix a = IpPrefix.parse("10.0.0.0/8");
        IpPrefix b = IpPrefix.parse("10.1.0.0/16");
        IpPrefix c = IpPrefix.parse("10.1.2.3/32");
        for (IpPrefix p : new IpPrefix[] {a, b, c}) {
            t.put(p.hi(), p.lo(), p.length(), p.toString());
        }
        int[] path = new int[129];
        IpPrefix q = IpPrefix.parse("10.1.2.3");
        int n = t.walk(q.hi(), q.lo(), 32, path);
        assertThat(n).isEqualTo(3);
        assertThat(t.payload(path[0])).isEqualTo("10.0.0.0/8");
        assertThat(t.payload(path[2])).isEqualTo("10.1.2.3/32");
        t.put(c.hi(), c.lo(), c.length(), null);
        assertThat(t.walk(q.hi(), q.lo(), 32, path)).isEqualTo(2);
        assertThat(t.size()).isEqualTo(2);
    }

    @Test
    void churnReusesFreedNodes() {
        PrefixTrie<Integer> t = new PrefixTrie<>();
        Random rnd = new Random(7);
        Map<Long, Integer> model = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            long ip = 0x0AF40000L | rnd.nextInt(1 << 12);
            IpPrefix p = IpPrefix.ipv4(ip, 32);
            if (rnd.nextBoolean()) {
                t.put(p.hi(), p.lo(), 32, i);
                model.put(ip, i);
            } else {
                t.put(p.hi(), p.lo(), 32, null);
                model.remove(ip);
            }
        }
        assertThat(t.size()).isEqualTo(model.size());
        model.forEach((ip, v) -> {
            IpPrefix p = IpPrefix.ipv4(ip, 32);
            assertThat(t.get(p.hi(), p.lo(), 32)).isEqualTo(v);
        });
    }

    @Test
    void longObjectMapAgreesWithHashMapUnderChurn() {
        LongObjectMap<Long> m = new LongObjectMap<>();
        Map<Long, Long> model = new HashMap<>();
        Random rnd = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            long k = rnd.nextInt(2_000) * 0x1_0000_0001L;
            if (rnd.nextInt(3) == 0) {
                assertThat(m.remove(k)).isEqualTo(model.remove(k));
            } else {
                assertThat(m.put(k, (long) i)).isEqualTo(model.put(k, (long) i));
            }
        }
        assertThat(m.size()).isEqualTo(model.size());
        model.forEach((k, v) -> assertThat(m.get(k)).isEqualTo(v));
    }

    @Test
    void parsesAndRejectsAddresses() {
        assertThat(IpPrefix.parse("10.0.0.0/16").toString()).isEqualTo("10.0.0.0/16");
        assertThat(IpPrefix.parse("::ffff:1.2.3.4").lo()).isEqualTo(0x0000ffff01020304L);
        assertThat(IpPrefix.parse("fd00::1/128").hi()).isEqualTo(0xfd00000000000000L);
        assertThat(IpPrefix.parse("10.0.0.1/24").hasHostBits()).isTrue();
        assertThat(IpPrefix.parse("10.0.0.0/8").overlaps(IpPrefix.parse("10.3.0.0/16"))).isTrue();
        assertThat(IpPrefix.parse("10.0.0.0/16").overlaps(IpPrefix.parse("10.1.0.0/16"))).isFalse();
        assertThatThrownBy(() -> IpPrefix.parse("10.0.0.256/24")).hasMessageContaining("256");
        assertThatThrownBy(() -> IpPrefix.parse("10.0.0/24")).hasMessageContaining("not an IPv4");
        assertThatThrownBy(() -> IpPrefix.parse("10.0.0.0/33")).hasMessageContaining("too long");
        assertThatThrownBy(() -> IpPrefix.parse("fd00::1::2")).hasMessageContaining("'::'");
        assertThatThrownBy(() -> IpPrefix.parse("example.com")).hasMessageContaining("not an IPv4");
    }
}
