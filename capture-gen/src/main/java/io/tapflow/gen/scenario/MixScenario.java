package io.tapflow.gen.scenario;

import io.tapflow.gen.conv.Conversation;
import io.tapflow.gen.conv.Dns;
import io.tapflow.gen.conv.Http;
import io.tapflow.gen.conv.IcmpConversation;
import io.tapflow.gen.conv.TcpConversation;
import io.tapflow.gen.conv.UdpConversation;
import io.tapflow.gen.net.Encapsulation;
import io.tapflow.gen.net.Endpoint;
import io.tapflow.gen.net.FlowShape;
import io.tapflow.gen.net.Tunnel;
import java.util.SplittableRandom;

/**
 * A scaled, realistic mix for benchmarks: Poisson arrivals of conversations (default 20 000 per
 * second of capture time) drawn from
 * <ul>
 *   <li>50 % HTTP/1.1 keep-alive over IPv4 (1–5 requests, responses 120 B–20 KB, server delays
 *       0.2–50 ms; closed by client FIN, server FIN or client RST),</li>
 *   <li>10 % the same inside VXLAN (16 VNIs), 4 % VLAN-tagged, 8 % over IPv6,</li>
 *   <li>20 % DNS over UDP (5 % NXDOMAIN, 2 % unanswered),</li>
 *   <li>5 % connection failures (RST answering SYN, unanswered SYN), 3 % ICMP echo,</li>
 * </ul>
 * plus one long-lived connection (90 s, a request every 500 ms) per 2 M packets asked for.
 * 100 000 clients with their own port counters (port reuse only after 28 000 connections of a
 * client), 512 servers. Conversations are made lazily as the merge reaches their start time, so
 * memory holds only the active ones; the same seed gives the same file.
 */
final class MixScenario implements Scenario {
    static final double DEFAULT_FLOWS_PER_SECOND = 20_000;
    /** "bulk": long transfers instead of the mix, for throughput on few, long flows. */
    static final double DEFAULT_BULK_FLOWS_PER_SECOND = 100;

    private final boolean bulk;

    MixScenario(boolean bulk) {
        this.bulk = bulk;
    }
    private static final int CLIENTS = 100_000;
    private static final int SERVERS = 512;
    private static final long MS = 1_000;

    @Override
    public String name() {
        return bulk ? "bulk" : "mix";
    }

    @Override
    public String description() {
        return Scenarios.list().get(name());
    }

    @Override
    public boolean keepsFlowTruth() {
        return false;
    }

    @Override
    public ConversationSource open(ScenarioContext ctx) {
        double rate = bulk ? DEFAULT_BULK_FLOWS_PER_SECOND : DEFAULT_FLOWS_PER_SECOND;
        return new Source(ctx, ctx.flowsPerSecond() > 0 ? ctx.flowsPerSecond() : rate, bulk);
    }

    private static final class Source implements ConversationSource {
        private final ScenarioContext ctx;
        private final SplittableRandom random;
        private final double meanGapUs;
        private final int[] clientPorts = new int[CLIENTS];
        private final byte[][] requests = new byte[32][];
        private final byte[][] responses = new byte[16][];
        private final int[] responseStatus = new int[16];
        private final byte[][] dnsQueries = new byte[16][];
        private final byte[][] dnsAnswers = new byte[16][];
        private final byte[][] dnsNx = new byte[16][];
        private final Encapsulation[] vxlans = new Encapsulation[16];
        private final byte[] pingData = new byte[56];
        private long nextStartUs;
        private long scheduled;
        private int longFlowsLeft;

        private final boolean bulk;
        private final byte[][] downloads = new byte[4][];

        Source(ScenarioContext ctx, double flowsPerSecond, boolean bulk) {
            this.ctx = ctx;
            this.bulk = bulk;
            this.random = ctx.random();
            this.meanGapUs = 1_000_000.0 / flowsPerSecond;
            this.nextStartUs = ctx.startUs();
            this.longFlowsLeft = bulk ? 0 : (int) Math.max(1, ctx.targetPackets() / 2_000_000);
            for (int i = 0; i < downloads.length; i++) {
                downloads[i] = bulk ? Http.response(200, (1 + i) * 1_000_000) : null;
            }
            for (int i = 0; i < CLIENTS; i++) {
                clientPorts[i] = 32768 + random.nextInt(28000);
            }
            for (int i = 0; i < requests.length; i++) {
                requests[i] = Http.request(i % 4 == 3 ? "POST" : "GET", "/api/v1/resource/" + i, "svc" + (i % 8) + ".example",
                        null, i % 4 == 3 ? 300 + 50 * i : 0);
            }
            int[] sizes = {120, 200, 300, 450, 600, 800, 1_000, 1_200, 1_500, 2_000, 3_000, 4_000, 6_000, 8_000, 12_000, 20_000};
            for (int i = 0; i < responses.length; i++) {
                responseStatus[i] = i == 2 ? 404 : i == 5 ? 500 : 200;
                responses[i] = Http.response(responseStatus[i], sizes[i]);
            }
            for (int i = 0; i < dnsQueries.length; i++) {
                String name = "host" + i + ".svc.cluster.local";
                dnsQueries[i] = Dns.query(0x3000 + i, name, Dns.TYPE_A);
                dnsAnswers[i] = Dns.response(0x3000 + i, name, Dns.TYPE_A, 0, 1 + i % 3);
                dnsNx[i] = Dns.response(0x3000 + i, name, Dns.TYPE_A, 3, 0);
            }
            for (int i = 0; i < vxlans.length; i++) {
                vxlans[i] = Encapsulation.tunnel("vxlan", Tunnel.of(Tunnel.Kind.VXLAN, 10_000 + i,
                        "192.168.100." + (1 + i), "192.168.101." + (1 + i)));
            }
        }

        @Override
        public Conversation next() {
            if (scheduled >= ctx.targetPackets()) {
                return null;
            }
            long start = nextStartUs;
            Conversation c;
            if (longFlowsLeft > 0) {
                longFlowsLeft--;
                c = longFlow(start);
            } else {
                nextStartUs += Math.max(1, (long) (-Math.log(1.0 - random.nextDouble()) * meanGapUs));
                c = conversation(start);
            }
            scheduled += c.packets().size();
            return c;
        }

        private Conversation conversation(long start) {
            if (bulk) {
                return download(start);
            }
            double r = random.nextDouble();
            if (r < 0.50) {
                return http(start, Encapsulation.NONE, false);
            } else if (r < 0.60) {
                return http(start, vxlans[random.nextInt(vxlans.length)], false);
            } else if (r < 0.64) {
                return http(start, Encapsulation.vlan(100 + random.nextInt(8)), false);
            } else if (r < 0.72) {
                return http(start, Encapsulation.NONE, true);
            } else if (r < 0.92) {
                return dns(start);
            } else if (r < 0.97) {
                return failure(start);
            } else {
                return ping(start);
            }
        }

        private Endpoint client(boolean v6) {
            int i = random.nextInt(CLIENTS);
            int port = clientPorts[i]++;
            if (clientPorts[i] > 60999) {
                clientPorts[i] = 32768;
            }
            byte[] ip = v6 ? v6Address(0xfd00_0001, i) : new byte[] {10, (byte) (64 + (i >>> 16)), (byte) (i >>> 8), (byte) i};
            return new Endpoint(ip, port, 0x0200_0000_0000L | i);
        }

        private Endpoint server(boolean v6, int port) {
            int i = random.nextInt(SERVERS);
            byte[] ip = v6 ? v6Address(0xfd00_0002, i) : new byte[] {10, (byte) 200, (byte) (i >>> 8), (byte) i};
            return new Endpoint(ip, port, 0x0200_0100_0000L | i);
        }

        private static byte[] v6Address(int prefix, int i) {
            byte[] a = new byte[16];
            a[0] = (byte) (prefix >>> 24);
            a[1] = (byte) (prefix >>> 16);
            a[2] = (byte) (prefix >>> 8);
            a[3] = (byte) prefix;
            a[13] = (byte) (i >>> 16);
            a[14] = (byte) (i >>> 8);
            a[15] = (byte) i;
            return a;
        }

        private long rtt() {
            return 100 + random.nextInt(3_000);
        }

        private long serverDelay() {
            // mostly fast, a long tail: 0.2 ms .. ~50 ms
            double u = random.nextDouble();
            return 200 + (long) (u * u * u * 50_000);
        }

        private TcpConversation http(long start, Encapsulation e, boolean v6) {
            FlowShape shape = new FlowShape(client(v6), server(v6, random.nextInt(4) == 0 ? 8080 : 80), 6, e);
            TcpConversation c = new TcpConversation(shape, ctx.truth("http", shape), random, start, rtt(), rtt());
            c.handshake();
            int requestsInFlow = 1 + Math.min(4, (int) (-Math.log(1.0 - random.nextDouble()) * 1.2));
            for (int k = 0; k < requestsInFlow; k++) {
                byte[] request = requests[random.nextInt(requests.length)];
                long think = k == 0 ? 0 : random.nextInt(200_000);
                c.request(request, think);
                c.response(responses[random.nextInt(responses.length)], serverDelay());
                c.clientAck();
            }
            double close = random.nextDouble();
            if (close < 0.90) {
                c.finByClient();
            } else if (close < 0.95) {
                c.finByServer(random.nextInt(5_000));
            } else {
                c.clientReset(random.nextInt(5_000));
            }
            return c;
        }

        private UdpConversation dns(long start) {
            FlowShape shape = new FlowShape(client(false), server(false, 53), 17, Encapsulation.NONE);
            UdpConversation c = new UdpConversation(shape, ctx.truth("dns", shape), random, start, rtt(), rtt());
            int q = random.nextInt(dnsQueries.length);
            c.clientSends(dnsQueries[q], 0);
            double r = random.nextDouble();
            if (r < 0.05) {
                c.serverAnswers(dnsNx[q], serverDelay());
            } else if (r < 0.93) {
                c.serverAnswers(dnsAnswers[q], serverDelay() / 4);
            }
            return c;
        }

        private TcpConversation failure(long start) {
            FlowShape shape = new FlowShape(client(false), server(false, 9000 + random.nextInt(10)), 6,
                    Encapsulation.NONE);
            TcpConversation c = new TcpConversation(shape, ctx.truth("failure", shape), random, start, rtt(), rtt());
            if (random.nextBoolean()) {
                c.serverResetsSyn();
            } else {
                c.synRepeatedWithoutAnswer(2, 1_000 * MS);
            }
            return c;
        }

        private IcmpConversation ping(long start) {
            Endpoint client = client(false).withPort(0);
            int id = random.nextInt(65536);
            Endpoint server = server(false, id);
            FlowShape shape = new FlowShape(client, server, 1, Encapsulation.NONE);
            IcmpConversation c = new IcmpConversation(shape, ctx.truth("ping", shape), random, start, id);
            c.ping(1 + random.nextInt(3), 1_000 * MS, rtt(), pingData);
            return c;
        }

        /** One HTTP download of 1–4 MB (700–2 800 full segments), closed by the client. */
        private TcpConversation download(long start) {
            FlowShape shape = new FlowShape(client(false), server(false, 80), 6,
                    random.nextInt(10) == 0 ? vxlans[random.nextInt(vxlans.length)] : Encapsulation.NONE);
            TcpConversation c = new TcpConversation(shape, ctx.truth("download", shape), random, start, rtt(), rtt());
            c.handshake();
            c.request(requests[random.nextInt(requests.length)], 0);
            c.response(downloads[random.nextInt(downloads.length)], serverDelay());
            c.clientAck();
            c.finByClient();
            return c;
        }

        private TcpConversation longFlow(long start) {
            FlowShape shape = new FlowShape(client(false), server(false, 80), 6, Encapsulation.NONE);
            TcpConversation c = new TcpConversation(shape, ctx.truth("long", shape), random, start, rtt(), rtt());
            c.handshake();
            for (int k = 0; k < 180; k++) {
                c.request(requests[k % requests.length], k == 0 ? 0 : 495 * MS);
                c.response(responses[k % 4], serverDelay());
                c.clientAck();
            }
            c.finByClient();
            return c;
        }
    }
}
