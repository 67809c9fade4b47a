package io.tapflow.agent.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** CPU time of this JVM (every thread: capture, producer, GC, JIT) and of external commands. */
final class CpuClock {
    private CpuClock() {
    }

    static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        throw new IllegalStateException("this JVM does not report process CPU time");
    }

    /** Runs a shell command with its output discarded; returns its user + system CPU seconds. */
    static double commandCpuSeconds(String command) throws IOException, InterruptedException {
        // bash's time keyword reports the children's user and system time, whatever the command forks
        Process p = new ProcessBuilder("bash", "-c", "TIMEFORMAT='%3U %3S'; { time " + command
                + " >/dev/null 2>&1; } 2>&1 | tail -n 1").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(1, TimeUnit.HOURS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        String[] f = out.split("\\s+");
        if (f.length != 2) {
            throw new IOException("cannot time '" + command + "': " + out);
        }
        return Double.parseDouble(f[0]) + Double.parseDouble(f[1]);
    }

    /** True when a command is on the PATH. */
    static boolean installed(String tool) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "command -v " + tool));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }
}
