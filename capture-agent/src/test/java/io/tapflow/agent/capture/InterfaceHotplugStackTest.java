package io.tapflow.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.agent.metrics.MetricNames;
import io.tapflow.agent.testing.AgentRun;
import io.tapflow.agent.testing.BatchTopic;
import io.tapflow.agent.testing.FlowCounts;
import io.tapflow.agent.testing.NetnsPair;
import io.tapflow.agent.testing.StackKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Interfaces that come and go, like a pod's veth: the agent starts with nothing to capture, begins
 * capturing when the interface appears, delivers its traffic, and keeps running (and stops cleanly)
 * after the interface is deleted.
 */
@Tag("stack")
class InterfaceHotplugStackTest {

    private static final String UDP_PEER = """
            import socket, sys
            role, ip = sys.argv[1], sys.argv[2]
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            if role == 'server':
                s.bind((ip, 7002)); print('ready', flush=True)
                for _ in range(10):
                    d, a = s.recvfrom(2048); s.sendto(d, a)
            else:
                s.settimeout(5)
                for n in range(10):
                    s.sendto(b'ping %d' % n, (ip, 7002)); s.recvfrom(2048)
                print('done', flush=True)
            """;

    @Test
    void captureFollowsAnInterfaceThatAppearsAndDisappears() throws Exception {
        try (NetnsPair net = NetnsPair.createNamespaces();
             BatchTopic topic = BatchTopic.create(StackKafka.bootstrap(), "tapflow.test.hotplug", 1);
             AgentRun agent = AgentRun.start("--capture.netns", net.nsA, "-i", "^" + net.vethA + "$",
                     "--capture.rescan-interval", "500ms", "--bootstrap", StackKafka.bootstrap(), "--topic", topic.name(),
                     "--metrics-port", "0", "--metrics.log-interval", "0s", "--batch.flush-interval", "200ms")) {
            Thread.sleep(1000);
            assertThat(agent.metrics().total(MetricNames.PACKETS_CAPTURED)).as("nothing to capture yet").isZero();

            net.connect();
            agent.awaitSource(net.vethA, Duration.ofSeconds(30));
            Process server = new ProcessBuilder(NetnsPair.in(net.nsB, "python3", "-c", UDP_PEER, "server", net.ipB))
                    .redirectErrorStream(true).start();
            try {
                assertThat(new String(server.getInputStream().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("ready\n");
                Process client = new ProcessBuilder(NetnsPair.in(net.nsA, "python3", "-c", UDP_PEER, "client", net.ipB))
                        .redirectErrorStream(true).start();
                assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("done");
                assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                server.destroyForcibly();
            }

            List<BatchTopic.Record> records = topic.readUntil(r -> BatchTopic.packets(r) >= 20, Duration.ofSeconds(30));
            FlowCounts counts = new FlowCounts();
            records.forEach(r -> counts.add(r.batch()));
            assertThat(counts.asMap()).containsOnlyKeys("udp " + net.ipA + ":" + clientPortOf(counts) + " <-> " + net.ipB + ":7002");
            assertThat(counts.totalPackets()).isEqualTo(20);

            net.disconnect();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (agent.metrics().totalsBy(MetricNames.PACKETS_CAPTURED, MetricNames.SOURCE).containsKey(net.vethA)) {
                assertThat(System.nanoTime()).as("capture of the deleted interface ended").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(agent.stop(Duration.ofSeconds(60))).as("agent exit status").isZero();
        }
    }

    private static String clientPortOf(FlowCounts counts) {
        String flow = counts.asMap().keySet().iterator().next(); // "udp A:port <-> B:7002"
        String first = flow.split(" ")[1];
        return first.substring(first.lastIndexOf(':') + 1);
    }
}
