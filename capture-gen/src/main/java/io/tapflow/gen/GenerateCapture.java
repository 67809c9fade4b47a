package io.tapflow.gen;

import io.tapflow.gen.net.LinkLayer;
import io.tapflow.gen.scenario.Scenarios;
import io.tapflow.gen.truth.GroundTruth;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Command line of the capture generator ({@code ./tapflow gen}).
 *
 * <pre>
 * gen list
 * gen SCENARIO OUTPUT [--packets N] [--seed N] [--link ethernet|sll|sll2|raw]
 *                     [--format pcap|pcap-ns|pcapng] [--rate FLOWS_PER_SECOND]
 *                     [--snaplen BYTES] [--flow-truth FILE.jsonl] [--no-truth]
 * </pre>
 */
public final class GenerateCapture {
    private GenerateCapture() {}

    public static void main(String[] args) throws Exception {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("gen: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
        }
    }

    static String usage() {
        return "usage: gen list\n"
                + "       gen SCENARIO OUTPUT [--packets N] [--seed N] [--link ethernet|sll|sll2|raw]\n"
                + "                           [--format pcap|pcap-ns|pcapng] [--rate FLOWS_PER_SECOND]\n"
                + "                           [--snaplen BYTES] [--flow-truth FILE.jsonl] [--no-truth]\n"
                + "Writes OUTPUT and OUTPUT.truth.json (ground truth). --packets and --rate apply to 'mix'.";
    }

    static int run(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("list")) {
            for (Map.Entry<String, String> e : Scenarios.list().entrySet()) {
                System.out.printf("  %-12s %s%n", e.getKey(), e.getValue());
            }
            return 0;
        }
        if (args.length < 2) {
            throw new IllegalArgumentException("SCENARIO and OUTPUT are required");
        }
        String scenario = args[0];
        Path output = Path.of(args[1]);
        CaptureGenerator gen = new CaptureGenerator();
        for (int i = 2; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--no-truth")) {
                gen.writeTruthFile(false);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--packets":
                    gen.packets(parseCount(value));
                    break;
                case "--seed":
                    gen.seed(Long.parseLong(value));
                    break;
                case "--link":
                    gen.link(LinkLayer.parse(value));
                    break;
                case "--format":
                    gen.format(value);
                    break;
                case "--snaplen":
                    gen.snapLength(Integer.parseInt(value));
                    break;
                case "--rate":
                    gen.flowsPerSecond(Double.parseDouble(value));
                    break;
                case "--flow-truth":
                    gen.flowTruthLines(Path.of(value));
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + option);
            }
        }
        long t0 = System.nanoTime();
        GroundTruth truth = gen.generate(scenario, output);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "gen: %s -> %s: %d frames, %d bytes, %d conversations, %.1f s of traffic, "
                        + "written in %.2f s (%.0f frames/s)%n", scenario, output, truth.frames, truth.frameBytes,
                truth.conversations, (truth.lastUs - truth.firstUs) / 1e6, seconds, truth.frames / seconds);
        return 0;
    }

    /** 10000, 10k, 10M, 1G. */
    static long parseCount(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        long multiplier = 1;
        if (v.endsWith("k")) {
            multiplier = 1_000;
        } else if (v.endsWith("m")) {
            multiplier = 1_000_000;
        } else if (v.endsWith("g")) {
            multiplier = 1_000_000_000;
        }
        if (multiplier != 1) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            return Long.parseLong(v) * multiplier;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a count: " + s);
        }
    }
}
