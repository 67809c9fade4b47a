package io.tapflow.agent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** tshark as the oracle: per-flow, per-side packets and IP bytes of a capture file. */
public final class Tshark {
    private Tshark() {
    }

    /**
     * Counts the TCP and UDP packets of {@code pcap} (IPv4 and IPv6) the way the agent's batches
     * are compared. Tunnelled packets count for their innermost header, as the agent decapsulates.
     */
    public static FlowCounts tcpUdpFlows(Path pcap) throws IOException, InterruptedException {
        List<String> lines = run("tshark", "-r", pcap.toString(), "-n", "-T", "fields", "-E", "separator=|",
                "-e", "ip.src", "-e", "ip.dst", "-e", "ipv6.src", "-e", "ipv6.dst", "-e", "ip.len", "-e", "ipv6.plen",
                "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "udp.srcport", "-e", "udp.dstport",
                "-e", "frame.protocols", "-Y", "tcp or udp");
        FlowCounts counts = new FlowCounts();
        for (String line : lines) {
            String[] f = line.split("\\|", -1);
            // the innermost IP header decides (IPv6 in IPv4 and the reverse carry both)
            String stack = ":" + f[10] + ":";
            boolean v6 = stack.lastIndexOf(":ipv6:") > stack.lastIndexOf(":ip:");
            String src = last(v6 ? f[2] : f[0]);
            String dst = last(v6 ? f[3] : f[1]);
            long len = v6 ? 40 + Long.parseLong(last(f[5])) : Long.parseLong(last(f[4]));
            boolean tcp = !f[6].isEmpty();
            int sport = Integer.parseInt(last(tcp ? f[6] : f[8]));
            int dport = Integer.parseInt(last(tcp ? f[7] : f[9]));
            counts.add(tcp ? 6 : 17, src, sport, dst, dport, len);
        }
        return counts;
    }

    /** Number of frames matching a display filter. */
    public static long count(Path pcap, String displayFilter) throws IOException, InterruptedException {
        return run("tshark", "-r", pcap.toString(), "-n", "-Y", displayFilter, "-T", "fields", "-e", "frame.number").size();
    }

    /** Frames in a capture that is still being written (a cut-off last record is not counted). */
    public static long countSoFar(Path pcap) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tshark", "-r", pcap.toString(), "-n", "-T", "fields", "-e", "frame.number")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long n = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count();
        p.waitFor(60, TimeUnit.SECONDS);
        return n;
    }

    /** For tunnelled packets tshark lists every layer's value, outermost first. */
    private static String last(String commaList) {
        int comma = commaList.lastIndexOf(',');
        return comma < 0 ? commaList : commaList.substring(comma + 1);
    }

    static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
        }
        List<String> lines = new ArrayList<>();
        for (String l : new String(out, StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) {
                lines.add(l);
            }
        }
        return lines;
    }
}
