package io.tapflow.agent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Two network namespaces joined by a veth pair, made for one test and removed afterwards (also
 * when the test fails). Only private addresses from 10.231.0.0/16 are used, one /30 per pair, and
 * IPv6 is off inside, so the only traffic on the link is what the test sends (plus ARP).
 */
public final class NetnsPair implements AutoCloseable {
    public final String nsA;
    public final String nsB;
    public final String vethA;
    public final String vethB;
    public final String ipA;
    public final String ipB;
    private final List<String> created = new ArrayList<>();

    private NetnsPair() {
        String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        int subnet = ThreadLocalRandom.current().nextInt(0, 64) * 4;
        int third = ThreadLocalRandom.current().nextInt(0, 256);
        nsA = "tfa-" + tag;
        nsB = "tfb-" + tag;
        vethA = "tfva" + tag; // interface names are at most 15 characters
        vethB = "tfvb" + tag;
        ipA = "10.231." + third + "." + (subnet + 1);
        ipB = "10.231." + third + "." + (subnet + 2);
    }

    /** Creates the pair; aborts the test (skipped, with the reason) if namespaces cannot be made here. */
    public static NetnsPair create() throws IOException, InterruptedException {
        NetnsPair pair = createNamespaces();
        try {
            pair.connect();
        } catch (IOException | InterruptedException | RuntimeException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    /** Creates the two namespaces only (IPv6 off); {@link #connect} adds the veth pair later. */
    public static NetnsPair createNamespaces() throws IOException, InterruptedException {
        NetnsPair pair = new NetnsPair();
        String denied = pair.tryRun("ip", "netns", "add", pair.nsA);
        if (denied != null) {
            Assumptions.abort("cannot create network namespaces here (needs root / CAP_SYS_ADMIN): " + denied);
        }
        pair.created.add(pair.nsA);
        try {
            pair.run("ip", "netns", "add", pair.nsB);
            pair.created.add(pair.nsB);
            for (String ns : new String[] {pair.nsA, pair.nsB}) {
                pair.run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
                pair.run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
                pair.run("ip", "-n", ns, "link", "set", "lo", "up");
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    /** Joins the namespaces with the veth pair and gives each end its address. */
    public void connect() throws IOException, InterruptedException {
        run("ip", "link", "add", vethA, "type", "veth", "peer", "name", vethB);
        run("ip", "link", "set", vethA, "netns", nsA);
        run("ip", "link", "set", vethB, "netns", nsB);
        for (String[] side : new String[][] {{nsA, vethA, ipA}, {nsB, vethB, ipB}}) {
            // the veth was made in the root namespace, whose defaults it kept: IPv6 off here too
            run("ip", "netns", "exec", side[0], "sysctl", "-q", "-w", "net.ipv6.conf." + side[1] + ".disable_ipv6=1");
            run("ip", "-n", side[0], "addr", "add", side[2] + "/30", "dev", side[1]);
            run("ip", "-n", side[0], "link", "set", side[1], "up");
        }
    }

    /** Removes the veth pair (deleting one end deletes both). */
    public void disconnect() throws IOException, InterruptedException {
        run("ip", "-n", nsA, "link", "del", vethA);
    }

    /** Packets the kernel counted on side A's veth, both directions (what a capture there must see). */
    public long packetsOnA() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "-n", nsA, "-j", "-s", "link", "show", "dev", vethA).start();
        String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(rx|tx)\":\\{[^}]*?\"packets\":(\\d+)").matcher(json);
        long total = 0;
        int found = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(2));
            found++;
        }
        if (found != 2) {
            throw new IOException("no rx/tx counters in: " + json);
        }
        return total;
    }

    /** A command line run inside namespace {@code ns}. */
    public static List<String> in(String ns, String... command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(command));
        return c;
    }

    private void run(String... command) throws IOException, InterruptedException {
        String error = tryRun(command);
        if (error != null) {
            throw new IOException(String.join(" ", command) + ": " + error);
        }
    }

    /** Runs a command; returns null on success, else its error output. */
    private String tryRun(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : (out.isEmpty() ? "exit " + p.exitValue() : out);
    }

    /** Deleting a namespace deletes the veth end inside it, and with it the peer. */
    @Override
    public void close() {
        for (String ns : created) {
            try {
                tryRun("ip", "netns", "del", ns);
            } catch (IOException | InterruptedException e) {
                // best effort: a leftover namespace is named tfa-*/tfb-* and harmless
            }
        }
        created.clear();
    }
}
