package io.tapflow.gen.scenario;

import io.tapflow.gen.conv.ArpExchange;
import io.tapflow.gen.conv.Dns;
import io.tapflow.gen.conv.Http;
import io.tapflow.gen.conv.IcmpConversation;
import io.tapflow.gen.conv.TcpConversation;
import io.tapflow.gen.conv.UdpConversation;
import io.tapflow.gen.net.Encapsulation;
import io.tapflow.gen.net.Endpoint;
import io.tapflow.gen.net.FlowShape;
import io.tapflow.gen.net.LinkLayer;
import io.tapflow.gen.net.Tunnel;
import io.tapflow.gen.net.Tunnel.Kind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small scenarios: each writes a handful of labelled conversations that exercise one feature,
 * with every latency and count chosen and recorded. Times in µs. Every conversation gets its own
 * client port, so inner 5-tuples are unique within a capture (tools that ignore tunnel ids, like
 * tshark's conversation tables, can be compared flow by flow).
 */
public final class Catalog {
    private static final long MS = 1_000;
    private static final long S = 1_000_000;

    /** A part of a small scenario, placed at {@code t}. */
    @FunctionalInterface
    interface Part {
        void build(ScenarioContext ctx, long t);
    }

    private static final Map<String, Part> PARTS = new LinkedHashMap<>();
    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        part("handshake", "TCP handshakes with chosen client-side and server-side RTT halves, IPv4 and IPv6",
                Catalog::handshakes);
        part("http", "HTTP/1.1 keep-alive with chosen server delays (srt, art) and statuses, pipelining, large "
                + "responses, POST", Catalog::http);
        part("dns", "DNS over UDP (A, AAAA, NXDOMAIN, SERVFAIL, unanswered) and over TCP", Catalog::dns);
        part("retrans", "SYN repeats, SYN-ACK repeats, client and server data retransmissions", Catalog::retrans);
        part("zero-window", "zero windows from the server and from the client", Catalog::zeroWindow);
        part("resets", "client RST, server RST, RST answering SYN, RST during setup from either side",
                Catalog::resets);
        part("close", "FIN closes from either side, half closes, an idle flow left to time out, keep-alives",
                Catalog::closes);
        part("port-reuse", "a client reusing its source port for a new connection", Catalog::portReuse);
        part("long-flow", "a connection of 150 s with a request per second (forced reports every minute)",
                Catalog::longFlow);
        part("encap", "one HTTP flow per encapsulation: VLAN, QinQ, VXLAN (plain, inner VLAN, IPv6 outer, nested, "
                + "with IPIP), GRE (key, no key, TEB), ERSPAN I/II/III, IPIP, IPv6-in-IPv4, IPv4-in-IPv6, Geneve, "
                + "and the product's own VXLAN (to be dropped)", Catalog::encapsulations);
        part("vxlan-8472", "VXLAN on UDP 8472 (Linux/flannel): decoded only when that port is configured",
                Catalog::vxlan8472);
        part("ip-options", "IPv4 options and IPv6 extension headers (hop-by-hop, destination, routing, AH)",
                Catalog::ipOptions);
        part("fragments", "IPv4 and IPv6 fragmented UDP datagrams, and orphan fragments", Catalog::fragments);
        part("icmp", "ICMP and ICMPv6 echo (answered and not), ARP", Catalog::icmp);
    }

    private Catalog() {}

    private static void part(String name, String description, Part part) {
        PARTS.put(name, part);
        DESCRIPTIONS.put(name, description);
    }

    static Map<String, String> descriptions() {
        return DESCRIPTIONS;
    }

    static Part part(String name) {
        return PARTS.get(name);
    }

    /** Parts that only decode as intended with a non-default agent setting; "all" leaves them out. */
    private static final java.util.Set<String> NEEDS_CONFIGURATION = java.util.Set.of("vxlan-8472");

    /** Every part that decodes with default settings, one after the other 2 s apart. */
    static void all(ScenarioContext ctx, long t) {
        for (Map.Entry<String, Part> p : PARTS.entrySet()) {
            if (!NEEDS_CONFIGURATION.contains(p.getKey())) {
                p.getValue().build(ctx, t);
                t += 2 * S;
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Endpoint client(ScenarioContext ctx, String address) {
        return Endpoint.of(address, ctx.clientPort());
    }

    private static Endpoint server(String address, int port) {
        return Endpoint.of(address, port);
    }

    /** Handshake, one GET answered after {@code delay}, FIN from the client. */
    private static TcpConversation simpleHttp(TcpConversation c, String path, long delay) {
        c.handshake();
        Http.exchange(c, "GET", path, 200, 0, 700, 0, -1, delay);
        return c.finByClient();
    }

    // ------------------------------------------------------------------ parts

    static void handshakes(ScenarioContext ctx, long t) {
        long[][] rtts = {{200, 5 * MS}, {30 * MS, 1 * MS}, {500, 500}, {2 * MS, 8 * MS}};
        for (int i = 0; i < rtts.length; i++) {
            boolean v6 = i == 3;
            Endpoint c = client(ctx, v6 ? "fd00:1::10" : "10.1.0.10");
            Endpoint s = server(v6 ? "fd00:2::10" : "10.2.0.10", 80);
            TcpConversation conv = ctx.tcp("handshake-" + i, c, s, Encapsulation.NONE, t + i * 10 * MS,
                    rtts[i][0], rtts[i][1]);
            simpleHttp(conv, "/hs/" + i, 3 * MS);
        }
    }

    static void http(ScenarioContext ctx, long t) {
        TcpConversation keepAlive = ctx.tcp("http-keepalive", client(ctx, "10.1.0.20"), server("10.2.0.20", 8080),
                Encapsulation.NONE, t, 300, 2 * MS);
        keepAlive.handshake();
        int[] status = {200, 200, 404, 500, 200};
        long[] delay = {1 * MS, 25 * MS, 2 * MS, 150 * MS, 7 * MS};
        long[] ackDelay = {-1, 200, -1, 500, -1};
        for (int i = 0; i < status.length; i++) {
            Http.exchange(keepAlive, "GET", "/api/items/" + i, status[i], 0, 400 + 100 * i, i == 0 ? 0 : 50 * MS,
                    ackDelay[i], delay[i]);
        }
        keepAlive.finByClient();

        TcpConversation pipelined = ctx.tcp("http-pipelined", client(ctx, "10.1.0.21"), server("10.2.0.20", 8080),
                Encapsulation.NONE, t + 5 * MS, 400, 1500);
        pipelined.handshake();
        Http.pipelined(pipelined, 3, 4 * MS);
        pipelined.finByClient();

        TcpConversation large = ctx.tcp("http-large", client(ctx, "10.1.0.22"), server("10.2.0.21", 80),
                Encapsulation.NONE, t + 10 * MS, 700, 900);
        large.handshake();
        Http.exchange(large, "GET", "/download", 200, 0, 64 * 1024, 0, -1, 10 * MS);
        large.finByServer(2 * MS);

        TcpConversation post = ctx.tcp("http-post", client(ctx, "10.1.0.23"), server("10.2.0.21", 80),
                Encapsulation.NONE, t + 15 * MS, 250, 750);
        post.handshake();
        Http.exchange(post, "POST", "/api/orders", 201, 3000, 120, 0, 300, 12 * MS);
        post.finByClient();
    }

    static void dns(ScenarioContext ctx, long t) {
        Endpoint resolver = server("10.2.0.53", 53);
        UdpConversation a = ctx.udp("dns-a", client(ctx, "10.1.0.30"), resolver, Encapsulation.NONE, t, 100, 700);
        Dns.udpExchange(a, 0x1001, "www.example.com", Dns.TYPE_A, 0, 0, 800);
        UdpConversation aaaa = ctx.udp("dns-aaaa-v6", client(ctx, "fd00:1::30"), server("fd00:2::53", 53),
                Encapsulation.NONE, t + MS, 100, 900);
        Dns.udpExchange(aaaa, 0x1002, "www.example.com", Dns.TYPE_AAAA, 0, 0, 600);
        UdpConversation nx = ctx.udp("dns-nxdomain", client(ctx, "10.1.0.31"), resolver, Encapsulation.NONE,
                t + 2 * MS, 100, 700);
        Dns.udpExchange(nx, 0x1003, "nope.example.com", Dns.TYPE_A, 3, 0, 1200);
        UdpConversation servfail = ctx.udp("dns-servfail", client(ctx, "10.1.0.32"), resolver, Encapsulation.NONE,
                t + 3 * MS, 100, 700);
        Dns.udpExchange(servfail, 0x1004, "broken.example.com", Dns.TYPE_A, 2, 0, 30 * MS);
        UdpConversation timeout = ctx.udp("dns-timeout", client(ctx, "10.1.0.33"), resolver, Encapsulation.NONE,
                t + 4 * MS, 100, 700);
        Dns.udpExchange(timeout, 0x1005, "slow.example.com", Dns.TYPE_A, -1, 0, 0);
        Dns.udpExchange(timeout, 0x1005, "slow.example.com", Dns.TYPE_A, -1, 1 * S, 0);
        TcpConversation tcp = ctx.tcp("dns-tcp", client(ctx, "10.1.0.34"), resolver, Encapsulation.NONE,
                t + 5 * MS, 150, 650);
        tcp.handshake();
        Dns.tcpExchange(tcp, 0x1006, "big.example.com", Dns.TYPE_A, 0, 900);
        tcp.finByClient();
    }

    static void retrans(ScenarioContext ctx, long t) {
        Endpoint s = server("10.2.0.40", 80);
        TcpConversation synRepeat = ctx.tcp("syn-repeat-then-ok", client(ctx, "10.1.0.40"), s, Encapsulation.NONE,
                t, 300, 1200);
        synRepeat.handshakeWithSynRepeats(2, 1 * S);
        Http.exchange(synRepeat, "GET", "/after-syn-loss", 200, 0, 300, 0, -1, 2 * MS);
        synRepeat.finByClient();

        TcpConversation clientData = ctx.tcp("data-retrans-client", client(ctx, "10.1.0.41"), s, Encapsulation.NONE,
                t + MS, 300, 1200);
        clientData.handshake();
        clientData.request(Http.request("GET", "/lost-request", "svc.example", "r1", 0), 0);
        clientData.retransmitLastRequestSegment(200 * MS);
        clientData.response(Http.response(200, 500), 3 * MS);
        clientData.clientAck();
        clientData.finByClient();

        TcpConversation serverData = ctx.tcp("data-retrans-server", client(ctx, "10.1.0.42"), s, Encapsulation.NONE,
                t + 2 * MS, 300, 1200);
        serverData.handshake();
        serverData.request(Http.request("GET", "/lost-response", "svc.example", "r2", 0), 0);
        serverData.response(Http.response(200, 4000), 2 * MS);
        serverData.retransmitLastResponseSegment(300 * MS);
        serverData.clientAck();
        serverData.finByClient();

        ctx.tcp("syn-unanswered", client(ctx, "10.1.0.43"), s, Encapsulation.NONE, t + 3 * MS, 300, 1200)
                .synRepeatedWithoutAnswer(3, 1 * S);
        ctx.tcp("synack-repeat", client(ctx, "10.1.0.44"), s, Encapsulation.NONE, t + 4 * MS, 300, 1200)
                .synAckRepeatedWithoutAck(2, 1 * S);
    }

    static void zeroWindow(ScenarioContext ctx, long t) {
        Endpoint s = server("10.2.0.50", 9000);
        TcpConversation server = ctx.tcp("zero-window-server", client(ctx, "10.1.0.50"), s, Encapsulation.NONE,
                t, 200, 800);
        server.handshake();
        server.request(Http.request("POST", "/upload", "svc.example", "z1", 3000), 0);
        server.serverZeroWindow(100);
        server.serverWindowUpdate(50 * MS);
        server.response(Http.response(200, 100), 1 * MS);
        server.clientAck();
        server.finByClient();

        TcpConversation client = ctx.tcp("zero-window-client", client(ctx, "10.1.0.51"), s, Encapsulation.NONE,
                t + MS, 200, 800);
        client.handshake();
        client.request(Http.request("GET", "/big", "svc.example", "z2", 0), 0);
        client.response(Http.response(200, 20000), 2 * MS);
        client.clientZeroWindow(100);
        client.clientWindowUpdate(20 * MS);
        client.finByClient();
    }

    static void resets(ScenarioContext ctx, long t) {
        Endpoint s = server("10.2.0.60", 80);
        TcpConversation c = ctx.tcp("rst-client", client(ctx, "10.1.0.60"), s, Encapsulation.NONE, t, 300, 700);
        c.handshake();
        Http.exchange(c, "GET", "/x", 200, 0, 200, 0, -1, 2 * MS);
        c.clientReset(5 * MS);

        TcpConversation sr = ctx.tcp("rst-server", client(ctx, "10.1.0.61"), s, Encapsulation.NONE, t + MS, 300, 700);
        sr.handshake();
        sr.request(Http.request("GET", "/crash", "svc.example", "x2", 0), 0);
        sr.serverReset(3 * MS);

        ctx.tcp("rst-syn", client(ctx, "10.1.0.62"), server("10.2.0.60", 81), Encapsulation.NONE, t + 2 * MS, 300, 700)
                .serverResetsSyn();
        ctx.tcp("rst-client-setup", client(ctx, "10.1.0.63"), s, Encapsulation.NONE, t + 3 * MS, 300, 700)
                .clientResetsDuringSetup();
        ctx.tcp("rst-server-setup", client(ctx, "10.1.0.64"), s, Encapsulation.NONE, t + 4 * MS, 300, 700)
                .serverResetsDuringSetup(3 * S);
    }

    static void closes(ScenarioContext ctx, long t) {
        Endpoint s = server("10.2.0.70", 80);
        simpleHttp(ctx.tcp("fin-client", client(ctx, "10.1.0.70"), s, Encapsulation.NONE, t, 300, 600), "/a", MS);

        TcpConversation fs = ctx.tcp("fin-server", client(ctx, "10.1.0.71"), s, Encapsulation.NONE, t + MS, 300, 600);
        fs.handshake();
        Http.exchange(fs, "GET", "/b", 200, 0, 300, 0, -1, MS);
        fs.finByServer(5 * MS);

        TcpConversation hc = ctx.tcp("half-close-client", client(ctx, "10.1.0.72"), s, Encapsulation.NONE, t + 2 * MS,
                300, 600);
        hc.handshake();
        Http.exchange(hc, "GET", "/c", 200, 0, 300, 0, -1, MS);
        hc.clientHalfClose();

        TcpConversation hs = ctx.tcp("half-close-server", client(ctx, "10.1.0.73"), s, Encapsulation.NONE, t + 3 * MS,
                300, 600);
        hs.handshake();
        Http.exchange(hs, "GET", "/d", 200, 0, 300, 0, -1, MS);
        hs.serverHalfClose(2 * MS);

        TcpConversation idle = ctx.tcp("idle-timeout", client(ctx, "10.1.0.74"), s, Encapsulation.NONE, t + 4 * MS,
                300, 600);
        idle.handshake();
        Http.exchange(idle, "GET", "/e", 200, 0, 300, 0, -1, MS);
        idle.leaveOpen(3, "established, then silent: ends by timeout");

        TcpConversation ka = ctx.tcp("keepalive", client(ctx, "10.1.0.75"), s, Encapsulation.NONE, t + 5 * MS,
                300, 600);
        ka.handshake();
        Http.exchange(ka, "GET", "/f", 200, 0, 300, 0, -1, MS);
        ka.clientKeepAlive(10 * S);
        ka.clientKeepAlive(10 * S);
        ka.finByClient();
    }

    static void portReuse(ScenarioContext ctx, long t) {
        Endpoint c = client(ctx, "10.1.0.80");
        Endpoint s = server("10.2.0.80", 80);
        TcpConversation first = ctx.tcp("port-reuse-first", c, s, Encapsulation.NONE, t, 300, 600);
        first.handshake();
        Http.exchange(first, "GET", "/first", 200, 0, 300, 0, -1, MS);
        first.leaveOpen(13, "established and open when the client reused its port for a new SYN");
        TcpConversation second = ctx.tcp("port-reuse-second", c, s, Encapsulation.NONE, first.now() + 2 * S, 300, 600);
        simpleHttp(second, "/second", MS);
    }

    static void longFlow(ScenarioContext ctx, long t) {
        TcpConversation c = ctx.tcp("long-flow", client(ctx, "10.1.0.90"), server("10.2.0.90", 80), Encapsulation.NONE,
                t, 400, 1200);
        c.handshake();
        for (int i = 0; i < 150; i++) {
            Http.exchange(c, "GET", "/poll/" + i, 200, 0, 200, i == 0 ? 0 : S - 5 * MS, -1, 2 * MS);
        }
        c.finByClient();
    }

    /** The encapsulations of the "encap" scenario, by name. */
    static Map<String, Encapsulation> encapsulationsByName() {
        Map<String, Encapsulation> m = new LinkedHashMap<>();
        m.put("vlan", Encapsulation.vlan(100));
        m.put("qinq", Encapsulation.qinq(200, 100));
        m.put("vxlan", Encapsulation.tunnel("vxlan", Tunnel.of(Kind.VXLAN, 5001, "192.168.10.1", "192.168.10.2")));
        m.put("vxlan-inner-vlan", Encapsulation.tunnel("vxlan-inner-vlan",
                Tunnel.of(Kind.VXLAN, 5003, "192.168.10.1", "192.168.10.3").withInnerVlans(30)));
        m.put("vxlan-ipv6-outer", Encapsulation.tunnel("vxlan-ipv6-outer",
                Tunnel.of(Kind.VXLAN, 5004, "fd00:99::1", "fd00:99::2")));
        m.put("nested-vxlan", Encapsulation.tunnel("nested-vxlan",
                Tunnel.of(Kind.VXLAN, 5002, "192.168.20.1", "192.168.20.2"),
                Tunnel.of(Kind.VXLAN, 7001, "172.16.0.1", "172.16.0.2")));
        m.put("vxlan-ipip", Encapsulation.tunnel("vxlan-ipip",
                Tunnel.of(Kind.VXLAN, 5005, "192.168.21.1", "192.168.21.2"),
                Tunnel.of(Kind.IPIP, 0, "172.17.0.1", "172.17.0.2")));
        m.put("gre-key", Encapsulation.tunnel("gre-key", Tunnel.of(Kind.GRE, 1234, "192.168.40.1", "192.168.40.2")));
        m.put("gre-nokey", Encapsulation.tunnel("gre-nokey", Tunnel.of(Kind.GRE, -1, "192.168.40.1", "192.168.40.3")));
        m.put("gre-teb", Encapsulation.tunnel("gre-teb", Tunnel.of(Kind.GRE_TEB, 77, "192.168.41.1", "192.168.41.2")));
        m.put("erspan1", Encapsulation.tunnel("erspan1", Tunnel.of(Kind.ERSPAN1, 0, "192.168.30.1", "192.168.30.100")));
        m.put("erspan2", Encapsulation.tunnel("erspan2", Tunnel.of(Kind.ERSPAN2, 6, "192.168.30.2", "192.168.30.100")));
        m.put("erspan3", Encapsulation.tunnel("erspan3", Tunnel.of(Kind.ERSPAN3, 7, "192.168.30.3", "192.168.30.100")));
        m.put("ipip", Encapsulation.tunnel("ipip", Tunnel.of(Kind.IPIP, 0, "192.168.50.1", "192.168.50.2")));
        m.put("ip4in6", Encapsulation.tunnel("ip4in6", Tunnel.of(Kind.IPIP, 0, "fd00:98::1", "fd00:98::2")));
        m.put("geneve", Encapsulation.tunnel("geneve", Tunnel.of(Kind.GENEVE, 9001, "192.168.60.1", "192.168.60.2")));
        m.put("own-vxlan", Encapsulation.tunnel("own-vxlan",
                Tunnel.of(Kind.OWN_VXLAN, 1, "192.168.70.1", "192.168.70.2")));
        return m;
    }

    static void encapsulations(ScenarioContext ctx, long t) {
        int i = 0;
        for (Map.Entry<String, Encapsulation> e : encapsulationsByName().entrySet()) {
            Endpoint c = client(ctx, "10.1.1." + (10 + i));
            Endpoint s = server("10.2.1." + (10 + i), 80);
            TcpConversation conv = ctx.tcp("encap-" + e.getKey(), c, s, e.getValue(), t + i * 3 * MS, 300, 900);
            simpleHttp(conv, "/encap/" + e.getKey(), 2 * MS);
            if (e.getKey().equals("own-vxlan")) {
                conv.truth().expectedDrop = "own_vxlan";
            }
            i++;
        }
        // IPv6 inside IPv4 (protocol 41) needs an IPv6 conversation
        TcpConversation v6in4 = ctx.tcp("encap-ip6in4", client(ctx, "fd00:1::1:1"), server("fd00:2::1:1", 80),
                Encapsulation.tunnel("ip6in4", Tunnel.of(Kind.IPIP, 0, "192.168.51.1", "192.168.51.2")),
                t + i * 3 * MS, 300, 900);
        simpleHttp(v6in4, "/encap/ip6in4", 2 * MS);
        TcpConversation vxlan6 = ctx.tcp("encap-vxlan-inner-ipv6", client(ctx, "fd00:1::1:2"),
                server("fd00:2::1:2", 80),
                Encapsulation.tunnel("vxlan", Tunnel.of(Kind.VXLAN, 5006, "192.168.10.1", "192.168.10.6")),
                t + (i + 1) * 3 * MS, 300, 900);
        simpleHttp(vxlan6, "/encap/vxlan6", 2 * MS);
    }

    static void vxlan8472(ScenarioContext ctx, long t) {
        TcpConversation c = ctx.tcp("vxlan-8472", client(ctx, "10.1.2.10"), server("10.2.2.10", 80),
                Encapsulation.tunnel("vxlan-8472",
                        Tunnel.of(Kind.VXLAN, 42, "192.168.80.1", "192.168.80.2").withUdpPort(8472)), t, 300, 900);
        simpleHttp(c, "/flannel", 2 * MS);
    }

    static void ipOptions(ScenarioContext ctx, long t) {
        FlowShape v4 = new FlowShape(client(ctx, "10.1.3.10"), server("10.2.3.10", 80), 6, Encapsulation.NONE, true);
        simpleHttp(ctx.tcp("ipv4-options", v4, t, 300, 900), "/opts", 2 * MS);
        int[][] extensions = {{FlowShape.EXT_HOP_BY_HOP}, {FlowShape.EXT_DESTINATION}, {FlowShape.EXT_ROUTING},
            {FlowShape.EXT_AH}, {FlowShape.EXT_HOP_BY_HOP, FlowShape.EXT_ROUTING, FlowShape.EXT_DESTINATION}};
        String[] names = {"hop-by-hop", "destination", "routing", "ah", "chain"};
        for (int i = 0; i < extensions.length; i++) {
            FlowShape v6 = new FlowShape(client(ctx, "fd00:1::3:" + (10 + i)), server("fd00:2::3:10", 80), 6,
                    Encapsulation.NONE, false, extensions[i]);
            simpleHttp(ctx.tcp("ipv6-ext-" + names[i], v6, t + (i + 1) * 2 * MS, 300, 900), "/ext/" + names[i],
                    2 * MS);
        }
        FlowShape udp6 = new FlowShape(client(ctx, "fd00:1::3:20"), server("fd00:2::3:53", 53), 17,
                Encapsulation.NONE, false, FlowShape.EXT_DESTINATION);
        UdpConversation dns6 = ctx.udp("ipv6-ext-udp", udp6, t + 20 * MS, 100, 700);
        Dns.udpExchange(dns6, 0x2001, "ext.example.com", Dns.TYPE_AAAA, 0, 0, 500);
    }

    static void fragments(ScenarioContext ctx, long t) {
        byte[] big = new byte[4000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        UdpConversation v4 = ctx.udp("frag-udp-v4", client(ctx, "10.1.4.10"), server("10.2.4.10", 31000),
                Encapsulation.NONE, t, 200, 600);
        v4.fragmented(true, big, 1480, 0);
        v4.serverAnswers(new byte[] {1, 2, 3, 4}, 2 * MS);
        v4.fragmented(false, big, 1480, 1 * MS);
        UdpConversation v6 = ctx.udp("frag-udp-v6", client(ctx, "fd00:1::4:10"), server("fd00:2::4:10", 31000),
                Encapsulation.NONE, t + 5 * MS, 200, 600);
        v6.fragmented(true, big, 1232, 0);
        v6.serverAnswers(new byte[] {5, 6, 7, 8}, 2 * MS);
        UdpConversation orphan = ctx.udp("frag-orphan", client(ctx, "10.1.4.11"), server("10.2.4.11", 31000),
                Encapsulation.NONE, t + 10 * MS, 200, 600);
        orphan.orphanFragments(big, 1480, 0);
    }

    static void icmp(ScenarioContext ctx, long t) {
        byte[] data = new byte[56];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (0x10 + i);
        }
        IcmpConversation v4 = ctx.icmp("ping-v4", Endpoint.of("10.1.5.10", 0), Endpoint.of("10.2.5.10", 0), t, 0x4242);
        v4.ping(3, 1 * S, 700, data);
        IcmpConversation v6 = ctx.icmp("ping-v6", Endpoint.of("fd00:1::5:10", 0), Endpoint.of("fd00:2::5:10", 0),
                t + MS, 0x4343);
        v6.ping(3, 1 * S, 900, data);
        IcmpConversation lost = ctx.icmp("ping-unanswered", Endpoint.of("10.1.5.11", 0), Endpoint.of("10.2.5.99", 0),
                t + 2 * MS, 0x4444);
        lost.ping(2, 1 * S, -1, data);
        if (ctx.link() != LinkLayer.RAW) {
            FlowShape arp = new FlowShape(Endpoint.of("10.1.5.10", 0), Endpoint.of("10.1.5.1", 0), 0,
                    Encapsulation.NONE);
            ctx.keep(new ArpExchange(arp, ctx.truth("arp", arp), ctx.random(), t + 3 * MS, 150));
        }
    }
}
