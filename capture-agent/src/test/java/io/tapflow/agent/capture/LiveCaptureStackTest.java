package io.tapflow.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.agent.metrics.MetricNames;
import io.tapflow.agent.metrics.MetricsSnapshot;
import io.tapflow.agent.testing.AgentRun;
import io.tapflow.agent.testing.BatchTopic;
import io.tapflow.agent.testing.FlowCounts;
import io.tapflow.agent.testing.NetnsPair;
import io.tapflow.agent.testing.StackKafka;
import io.tapflow.agent.testing.Tshark;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live capture for real: two network namespaces joined by a veth pair, TCP and UDP conversations
 * between them, the agent capturing the veth end inside one namespace (it enters the namespace
 * only to open the capture socket, and publishes to the stack's Kafka from its own), once with each
 * way of reading packets from libpcap (direct and pcap4j's listener). tcpdump on the
 * same interface is the witness; tshark counts its capture. The batches read back from Kafka must
 * hold exactly those packets and IP bytes, per flow and per side.
 */
@Tag("stack")
class LiveCaptureStackTest {

    /** Server side: 6 TCP connections (request, 3 response writes, close) and 20 UDP request/response pairs. */
    private static final String SERVER = """
            import socket, threading, sys
            ip = sys.argv[1]
            t = socket.socket(); t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); t.bind((ip, 7000)); t.listen(8)
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind((ip, 7001))
            def udp():
                for _ in range(20):
                    d, a = u.recvfrom(2048); u.sendto(d * 3, a)
            th = threading.Thread(target=udp); th.start()
            print('ready', flush=True)
            for _ in range(6):
                c, _ = t.accept()
                req = c.recv(4096)
                for i in range(3):
                    c.sendall(b'x' * (1000 + i))
                c.close()
            th.join()
            """;

    private static final String CLIENT = """
            import socket, sys, time
            ip = sys.argv[1]
            for n in range(6):
                c = socket.create_connection((ip, 7000))
                c.sendall(b'GET /%d HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' % n)
                got = 0
                while True:
                    d = c.recv(65536)
                    if not d: break
                    got += len(d)
                assert got == 3003, got
                c.close()
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(5)
            for n in range(20):
                u.sendto(b'q%03d' % n, (ip, 7001)); u.recvfrom(2048)
            print('done', flush=True)
            """;

    @TempDir
    Path dir;

    @FunctionalInterface
    private interface Count {
        long get() throws Exception;
    }

    private static void awaitCount(String what, Count count, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long n;
        while ((n = count.get()) < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " has " + n + " of the " + expected + " packets the kernel counted");
            }
            Thread.sleep(200);
        }
    }

    @ParameterizedTest(name = "capture.live-reader={0}")
    @ValueSource(strings = {"direct", "pcap4j-listener"})
    void packetsBetweenTwoNamespacesArriveOnKafkaPerFlow(String liveReader) throws Exception {
        try (NetnsPair net = NetnsPair.create();
             BatchTopic topic = BatchTopic.create(StackKafka.bootstrap(), "tapflow.test.live", 3)) {
            Path witness = dir.resolve("witness.pcap");
            Process tcpdump = new ProcessBuilder(NetnsPair.in(net.nsA, "tcpdump", "-i", net.vethA, "-n", "-U", "--immediate-mode", "-w",
                    witness.toString())).redirectErrorStream(true).start();
            BufferedReader tcpdumpOut = new BufferedReader(new InputStreamReader(tcpdump.getInputStream(), StandardCharsets.UTF_8));
            assertThat(tcpdumpOut.readLine()).as("tcpdump start").contains("listening on");
            long kernelBefore = net.packetsOnA();
            List<Process> started = new ArrayList<>(List.of(tcpdump));
            try (AgentRun agent = AgentRun.start(
                    "--capture.netns", net.nsA, "-i", "^" + net.vethA + "$", "--capture.live-reader", liveReader,
                    "--bootstrap", StackKafka.bootstrap(), "--topic", topic.name(),
                    "--agent-id", "live-test", "--metrics-port", "0", "--metrics.log-interval", "0s",
                    "--batch.flush-interval", "200ms")) {
                agent.awaitSource(net.vethA, Duration.ofSeconds(60));

                Process server = new ProcessBuilder(NetnsPair.in(net.nsB, "python3", "-c", SERVER, net.ipB))
                        .redirectErrorStream(true).start();
                started.add(server);
                BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
                assertThat(serverOut.readLine()).as("server start").isEqualTo("ready");
                Process client = new ProcessBuilder(NetnsPair.in(net.nsA, "python3", "-c", CLIENT, net.ipB))
                        .redirectErrorStream(true).start();
                started.add(client);
                String clientOut = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(clientOut).as("client output").contains("done");
                assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();

                // Both captures must have taken every packet the kernel counted on the interface before
                // they are stopped (on a busy machine tcpdump can lag behind by seconds).
                Thread.sleep(300);
                long onWire = net.packetsOnA() - kernelBefore;
                awaitCount("tcpdump's witness", () -> Tshark.countSoFar(witness), onWire);
                awaitCount("the agent", () -> (long) agent.metrics().total(MetricNames.PACKETS_CAPTURED), onWire);
                tcpdump.destroy(); // SIGTERM: tcpdump writes out and exits
                assertThat(tcpdump.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(agent.stop(Duration.ofSeconds(60))).as("agent exit status").isZero();

                FlowCounts expected = Tshark.tcpUdpFlows(witness);
                assertThat(expected.flowCount()).as("flows in the witness capture: %s", expected.asMap()).isEqualTo(7);
                List<BatchTopic.Record> records = topic.readUntil(
                        r -> BatchTopic.packets(r) >= expected.totalPackets(), Duration.ofSeconds(60));
                FlowCounts actual = new FlowCounts();
                records.forEach(r -> actual.add(r.batch()));
                assertThat(actual.asMap()).isEqualTo(expected.asMap());

                MetricsSnapshot m = agent.metrics();
                long frames = Tshark.count(witness, "frame");
                long arp = Tshark.count(witness, "arp");
                assertThat(m.total(MetricNames.PACKETS_CAPTURED)).as("captured = witness frames").isEqualTo(frames);
                assertThat(m.total(MetricNames.PACKETS_DROPPED, MetricNames.REASON, "decode_non_ip")).isEqualTo(arp);
                assertThat(m.total(MetricNames.PACKETS_DROPPED, MetricNames.REASON, "kernel")).isZero();
                assertThat(m.total(MetricNames.BATCHES_SENT)).isEqualTo(records.size());
                assertThat(records).allSatisfy(r -> {
                    assertThat(r.batch().getAgentId()).isEqualTo("live-test");
                    assertThat(r.batch().getCaptureInterface()).isEqualTo(net.vethA);
                    assertThat(r.batch().getTapType()).isEqualTo(3);
                });
            } finally {
                started.forEach(Process::destroyForcibly);
            }
        }
    }
}
