package io.tapflow.l7;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** tshark as the oracle: one row per frame, the requested fields, every occurrence joined with '|'. */
final class Tshark {
    private Tshark() {}

    static boolean installed() {
        try {
            Process p = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Skips the calling test when tshark is missing (CI installs it, so there the tests run). */
    static void assumeInstalled() {
        Assumptions.assumeTrue(installed(), "tshark is not installed");
    }

    /** Rows of {@code fields} for the frames matching {@code filter}, with extra tshark options. */
    static List<String[]> fields(Path capture, String filter, List<String> options, String... fields)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString()));
        cmd.addAll(options);
        if (filter != null) {
            cmd.addAll(List.of("-Y", filter));
        }
        cmd.addAll(List.of("-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=|"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tshark failed on " + capture + " (exit " + p.exitValue() + "): " + cmd);
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }

    /** A tshark relative time ("0.002500000") in µs. */
    static long micros(String seconds) {
        return Math.round(Double.parseDouble(seconds) * 1_000_000);
    }
}
