package io.tapflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.flow.FlowCounters;
import io.tapflow.flow.FlowMeter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeterDocumentsTest {
    @Test
    void aMeterIsCountedOnItsClientSideItsServerSideAndItsEdge() {
        FlowMeter m = new FlowMeter();
        m.timeSec = 100;
        m.agentId = "agent";
        m.protocol = 6;
        m.ipVersion = 6;
        m.ipClient = new byte[] {(byte) 0xfd, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x30};
        m.ipServer = new byte[] {(byte) 0xfd, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53};
        m.serverPort = 53;
        m.counters = new FlowCounters();
        m.aliveAtMinuteStart = 1;
        List<MetricDoc> docs = new ArrayList<>();
        MeterDocuments.map(EnrichedMeter.unknown(m), docs::add);

        assertThat(docs).hasSize(3).allSatisfy(d -> {
            assertThat(d.timeSec).isEqualTo(100);
            assertThat(d.active).as("alive at the minute's start, no traffic").isEqualTo(1);
            assertThat(d.key.isIpv4).isZero();
            assertThat(d.key.serverPort).isEqualTo(53);
        });
        MetricDoc client = docs.get(0);
        MetricDoc server = docs.get(1);
        MetricDoc edge = docs.get(2);
        assertThat(client.key.family).isEqualTo(MetricKey.NETWORK);
        assertThat(client.key.role).isEqualTo(MetricKey.ROLE_CLIENT);
        assertThat(client.key.ip0Hi).isEqualTo(0xfd00000100000000L);
        assertThat(client.key.ip0Lo).isEqualTo(0x30L);
        assertThat(client.peerLo).isEqualTo(0x53L);
        assertThat(server.key.role).isEqualTo(MetricKey.ROLE_SERVER);
        assertThat(server.key.ip0Lo).isEqualTo(0x53L);
        assertThat(server.peerLo).isEqualTo(0x30L);
        assertThat(edge.key.family).isEqualTo(MetricKey.NETWORK_MAP);
        assertThat(edge.key.ip0Lo).isEqualTo(0x30L);
        assertThat(edge.key.ip1Lo).isEqualTo(0x53L);
        assertThat(edge.peerHi | edge.peerLo).isZero();
        assertThat(client.key).isNotEqualTo(server.key);
        assertThat(MeterDocumentsOperator.timestampOf(100)).isEqualTo(101_000L);

        // with L7 activity in the second: the three application documents too, keyed by the L7 protocol
        EnrichedMeter http = EnrichedMeter.unknown(m);
        http.l7Protocol = io.tapflow.l7.L7Protocol.DNS;
        http.l7 = new io.tapflow.l7.L7Counters();
        http.l7.request = 1;
        List<MetricDoc> withL7 = new ArrayList<>();
        MeterDocuments.map(http, withL7::add);
        assertThat(withL7).hasSize(6);
        assertThat(withL7.subList(3, 6)).extracting(d -> d.key.family)
                .containsExactly(MetricKey.APPLICATION, MetricKey.APPLICATION, MetricKey.APPLICATION_MAP);
        assertThat(withL7.subList(3, 6)).allSatisfy(d -> assertThat(d.key.l7Protocol).isEqualTo(io.tapflow.l7.L7Protocol.DNS));
        assertThat(withL7.subList(0, 3)).allSatisfy(d -> assertThat(d.key.l7Protocol).isZero());
    }
}
