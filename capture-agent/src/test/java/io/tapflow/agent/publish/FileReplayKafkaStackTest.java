package io.tapflow.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.agent.metrics.MetricNames;
import io.tapflow.agent.metrics.MetricsSnapshot;
import io.tapflow.agent.testing.AgentRun;
import io.tapflow.agent.testing.BatchTopic;
import io.tapflow.agent.testing.FlowCounts;
import io.tapflow.agent.testing.StackKafka;
import io.tapflow.agent.testing.Tshark;
import io.tapflow.gen.CaptureGenerator;
import io.tapflow.gen.truth.FlowTruth;
import io.tapflow.gen.truth.GroundTruth;
import io.tapflow.schema.FlowKey;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated capture (the generator's "all": handshakes, HTTP, DNS, retransmissions, zero windows,
 * resets, closes, port reuse, a long flow, every encapsulation, IP options, fragments, ICMP, ARP)
 * replayed by the agent into the stack's Kafka and read back as a third party would: per flow and per
 * side, the packets and IP bytes equal the generator's ground truth (with VLAN and tunnel context;
 * flows the agent must drop, such as the product's own VXLAN, absent) and tshark's count of the same
 * file (for the flows tshark sees the same way: not fragmented, not dropped on purpose); every batch of a flow carries the flow's one Kafka key, and
 * batch sequence numbers have no gaps.
 */
@Tag("stack")
class FileReplayKafkaStackTest {

    @TempDir
    Path dir;

    @Test
    void perFlowCountsOnKafkaEqualGroundTruthAndTshark() throws Exception {
        Path capture = dir.resolve("mix.pcapng");
        GroundTruth truth = new CaptureGenerator().seed(42).format("pcapng").writeTruthFile(false)
                .generate("all", capture);
        FlowCounts expected = new FlowCounts();
        FlowCounts expectedPlain = new FlowCounts();
        long tcpUdpPackets = 0;
        for (FlowTruth f : truth.flows()) {
            if ((f.protocol != 6 && f.protocol != 17) || f.expectedDrop != null) {
                continue;
            }
            String context = FlowCounts.context(f.vlan, f.tunnelType, f.tunnelId);
            expected.add(f.protocol, context, f.clientIp, f.clientPort, f.serverIp, f.serverPort, f.packetsC2s, f.ipBytesC2s);
            expected.add(f.protocol, context, f.serverIp, f.serverPort, f.clientIp, f.clientPort, f.packetsS2c, f.ipBytesS2c);
            if (f.fragments == 0) {
                expectedPlain.add(f.protocol, "", f.clientIp, f.clientPort, f.serverIp, f.serverPort, 1, 0);
            }
            tcpUdpPackets += f.packetsC2s + f.packetsS2c;
        }
        assertThat(expected.flowCount()).as("TCP/UDP flows in the capture").isGreaterThan(50);

        try (BatchTopic topic = BatchTopic.create(StackKafka.bootstrap(), "tapflow.test.replay", 3);
             AgentRun agent = AgentRun.start("-r", capture.toString(), "--bootstrap", StackKafka.bootstrap(),
                     "--topic", topic.name(), "--agent-id", "replay-test", "--metrics-port", "0",
                     "--metrics.log-interval", "0s")) {
            assertThat(agent.awaitExit(Duration.ofMinutes(5))).as("agent exit status").isZero();
            MetricsSnapshot m = agent.metrics();
            assertThat(m.total(MetricNames.PACKETS_CAPTURED)).isEqualTo(truth.frames);
            assertThat(m.total(MetricNames.BATCHES_DROPPED)).isZero();
            long sent = (long) m.total(MetricNames.BATCHES_SENT);
            assertThat(sent).isEqualTo((long) m.total(MetricNames.BATCHES_BUILT));

            List<BatchTopic.Record> records = topic.readUntil(r -> r.size() >= sent, Duration.ofSeconds(120));
            assertThat(records).hasSize((int) sent);
            FlowCounts all = new FlowCounts();
            FlowCounts tcpUdp = new FlowCounts();
            for (BatchTopic.Record r : records) {
                all.add(r.batch());
                int p = r.batch().getKey().getProtocol();
                if (p == 6 || p == 17) {
                    tcpUdp.add(r.batch());
                }
            }
            assertThat(tcpUdp.totalPackets()).isEqualTo(tcpUdpPackets);
            assertThat(FlowCounts.differences(tcpUdp.asMap(), expected.asMap())).as("per flow and side: agent != ground truth")
                    .isEmpty();
            Map<String, Map<String, String>> ours = tcpUdp.withoutContext().asMap();
            Map<String, Map<String, String>> tshark = Tshark.tcpUdpFlows(capture).asMap();
            ours.keySet().retainAll(expectedPlain.asMap().keySet());
            tshark.keySet().retainAll(expectedPlain.asMap().keySet());
            assertThat(ours).isNotEmpty();
            assertThat(FlowCounts.differences(ours, tshark)).as("per 5-tuple and side: agent != tshark").isEmpty();
            assertThat(all.totalPackets()).as("every decoded packet is in a batch")
                    .isEqualTo((long) m.total(MetricNames.PACKETS_DECODED));

            checkKeysAndSequences(records);
        }
    }

    /** Every batch of a flow has the flow's one Kafka key, no two flows share one; batch_seq runs 0, 1, 2... */
    private static void checkKeysAndSequences(List<BatchTopic.Record> records) {
        Map<String, ByteBuffer> keyOfFlow = new HashMap<>();
        Map<String, List<Long>> seqs = new HashMap<>();
        for (BatchTopic.Record r : records) {
            String flow = flowId(r.batch().getKey());
            ByteBuffer key = ByteBuffer.wrap(r.key());
            assertThat(keyOfFlow.computeIfAbsent(flow, f -> key)).as("Kafka key of " + flow).isEqualTo(key);
            seqs.computeIfAbsent(flow, f -> new ArrayList<>()).add(r.batch().getBatchSeq());
        }
        Set<ByteBuffer> distinctKeys = new HashSet<>(keyOfFlow.values());
        assertThat(distinctKeys).as("flows and keys are one to one").hasSize(keyOfFlow.size());
        seqs.forEach((flow, list) -> {
            List<Long> sorted = new ArrayList<>(list);
            sorted.sort(null);
            for (int i = 0; i < sorted.size(); i++) {
                assertThat(sorted.get(i)).as("batch_seq of " + flow).isEqualTo(i);
            }
        });
    }

    /** The flow key with its first-packet orientation (each flow has one: the agent keeps it). */
    private static String flowId(FlowKey k) {
        return k.toString();
    }
}
