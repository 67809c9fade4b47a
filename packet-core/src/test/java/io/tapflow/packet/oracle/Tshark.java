package io.tapflow.packet.oracle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * tshark as the oracle: dissects a capture (tunnels included, IP reassembly off) and tallies the
 * innermost 5-tuple of every frame. Later IP fragments, which carry no ports, are given the ports
 * of their first fragment (same addresses, protocol and IP id) — the attribution the agent's
 * decoder promises; a later fragment without its first is an orphan.
 */
public final class Tshark {
    private static final String[] FIELDS = {
        "frame.len", "frame.protocols",
        "ip.src", "ip.dst", "ip.len", "ip.proto", "ip.id", "ip.flags.mf", "ip.frag_offset",
        "ipv6.src", "ipv6.dst", "ipv6.plen", "ipv6.fraghdr.nxt", "ipv6.fraghdr.ident", "ipv6.fraghdr.offset",
        "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport", "icmp.ident", "icmpv6.echo.identifier",
        "icmp.type", "icmpv6.type"
    };

    /** What tshark saw in a capture. */
    public static final class Result {
        public final FlowTally flows = new FlowTally(true);
        public long frames;
        public long arpFrames;
        public long otherNonIpFrames;
        public long orphanFragments;
        /** Frames per flow key, to subtract flows an agent must drop. */
        public final Map<String, Long> framesByFlow = new HashMap<>();
    }

    private Tshark() {}

    public static boolean installed() {
        try {
            Process p = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Skips the calling test when tshark is missing (CI installs it, so there the tests run). */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(installed(), "tshark is not installed");
    }

    public static Result dissect(Path capture, String... options) throws IOException, InterruptedException {
        return dissect(capture, false, options);
    }

    /** Like {@link #dissect(Path, String...)} for a damaged file: tshark's exit status 2 ("cut short") is expected. */
    public static Result dissectDamaged(Path capture) throws IOException, InterruptedException {
        return dissect(capture, true);
    }

    private static Result dissect(Path capture, boolean damaged, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString(),
                "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-o", "tcp.desegment_tcp_streams:FALSE"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-T", "fields", "-E", "separator=/t", "-E", "occurrence=l"));
        for (String f : FIELDS) {
            cmd.add("-e");
            cmd.add(f);
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Result r = new Result();
        Map<String, int[]> firstFragments = new HashMap<>();
        List<String[]> laterFragments = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                r.frames++;
                String[] f = line.split("\t", -1);
                frame(f, r, firstFragments, laterFragments);
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS) || (p.exitValue() != 0 && !(damaged && p.exitValue() == 2))) {
            throw new IOException("tshark failed on " + capture + " (exit " + p.exitValue() + ")");
        }
        for (String[] f : laterFragments) {
            int[] ports = firstFragments.get(fragmentKey(f));
            if (ports == null) {
                r.orphanFragments++;
            } else {
                count(r, f, ports[0], ports[1], ports[2]);
            }
        }
        return r;
    }

    private static String v(String[] f, String field) {
        for (int i = 0; i < FIELDS.length; i++) {
            if (FIELDS[i].equals(field)) {
                return i < f.length ? f[i] : "";
            }
        }
        throw new IllegalArgumentException(field);
    }

    private static boolean innermostIsV6(String[] f) {
        String protocols = ":" + v(f, "frame.protocols") + ":";
        return protocols.lastIndexOf(":ipv6:") > protocols.lastIndexOf(":ip:");
    }

    private static void frame(String[] f, Result r, Map<String, int[]> firstFragments, List<String[]> later) {
        String protocols = ":" + v(f, "frame.protocols") + ":";
        if (!protocols.contains(":ip:") && !protocols.contains(":ipv6:")) {
            if (protocols.contains(":arp:")) {
                r.arpFrames++;
            } else {
                r.otherNonIpFrames++;
            }
            return;
        }
        boolean v6 = innermostIsV6(f);
        boolean laterFragment = v6 ? !v(f, "ipv6.fraghdr.offset").isEmpty() && !v(f, "ipv6.fraghdr.offset").equals("0")
                : !v(f, "ip.frag_offset").isEmpty() && !v(f, "ip.frag_offset").equals("0");
        boolean firstFragment = v6 ? "0".equals(v(f, "ipv6.fraghdr.offset"))
                : "0".equals(v(f, "ip.frag_offset")) && "1".equals(v(f, "ip.flags.mf"));
        if (laterFragment) {
            later.add(f);
            return;
        }
        int protocol;
        int srcPort = 0;
        int dstPort = 0;
        if (!v(f, "tcp.srcport").isEmpty() && protocols.lastIndexOf(":tcp:") > Math.max(protocols.lastIndexOf(":ip:"),
                protocols.lastIndexOf(":ipv6:"))) {
            protocol = 6;
            srcPort = Integer.parseInt(v(f, "tcp.srcport"));
            dstPort = Integer.parseInt(v(f, "tcp.dstport"));
        } else if (!v(f, "udp.srcport").isEmpty() && protocols.lastIndexOf(":udp:") > Math.max(
                protocols.lastIndexOf(":ip:"), protocols.lastIndexOf(":ipv6:"))) {
            protocol = 17;
            srcPort = Integer.parseInt(v(f, "udp.srcport"));
            dstPort = Integer.parseInt(v(f, "udp.dstport"));
        } else if (protocols.contains(":icmp:")) {
            protocol = 1;
            dstPort = echoId(v(f, "icmp.type"), v(f, "icmp.ident"), "8", "0");
        } else if (protocols.contains(":icmpv6:")) {
            protocol = 58;
            dstPort = echoId(v(f, "icmpv6.type"), v(f, "icmpv6.echo.identifier"), "128", "129");
        } else {
            protocol = Integer.parseInt(v6 ? v(f, "ipv6.fraghdr.nxt") : v(f, "ip.proto"));
        }
        if (firstFragment) {
            firstFragments.put(fragmentKey(f), new int[] {protocol, srcPort, dstPort});
        }
        count(r, f, protocol, srcPort, dstPort);
    }

    private static int echoId(String type, String id, String request, String reply) {
        if (!type.equals(request) && !type.equals(reply)) {
            return 0;
        }
        return id.startsWith("0x") ? Integer.parseInt(id.substring(2), 16) : Integer.parseInt(id);
    }

    private static String fragmentKey(String[] f) {
        boolean v6 = innermostIsV6(f);
        return v6 ? v(f, "ipv6.src") + " " + v(f, "ipv6.dst") + " " + v(f, "ipv6.fraghdr.ident")
                : v(f, "ip.src") + " " + v(f, "ip.dst") + " " + v(f, "ip.id") + " " + v(f, "ip.proto");
    }

    private static void count(Result r, String[] f, int protocol, int srcPort, int dstPort) {
        boolean v6 = innermostIsV6(f);
        String src = v6 ? v(f, "ipv6.src") : v(f, "ip.src");
        String dst = v6 ? v(f, "ipv6.dst") : v(f, "ip.dst");
        long ipBytes = v6 ? 40 + Long.parseLong(v(f, "ipv6.plen")) : Long.parseLong(v(f, "ip.len"));
        r.flows.add(protocol, src, srcPort, dst, dstPort, Long.parseLong(v(f, "frame.len")), ipBytes);
        r.framesByFlow.merge(FlowTally.key(protocol, src, srcPort, dst, dstPort), 1L, Long::sum);
    }
}
