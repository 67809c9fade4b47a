package io.tapflow.jobs;

import io.tapflow.flow.FlowEngineConfig;
import io.tapflow.replay.CaptureSettings;
import java.nio.file.Path;
import java.time.Duration;

/** Command line of {@code tapflow replay}; see {@link #USAGE}. */
public final class ReplayOptions {
    public static final String USAGE = """
            usage: tapflow replay CAPTURE.pcap|.pcapng [options]
              --out FILE                  write JSON lines here (default: standard output)
              --parallelism N             Flink parallelism (default 1: identical output order on every run)
              --agent-id ID               agent id written into the records (default replay)
              --payload-bytes N           payload prefix kept per packet for L7 (default 256, 0 disables)
              --out-of-orderness D        watermark lag behind the newest batch (default 2s)
              --timeout-opening D         handshake/exception states (default 5s)
              --timeout-established D     ESTABLISHED and SYN/ACK-1 (default 300s)
              --timeout-closing D         CLOSING states (default 35s)
              --timeout-one-way D         non-TCP, one direction seen (default 5s)
              --timeout-two-way D         non-TCP, both directions seen (default 35s)
              --report-interval D         forced report period of long flows (default 60s)
            durations: 500ms, 5s, 2m, 1h""";

    private Path capture;
    private Path out;
    private int parallelism = 1;
    private String agentId = CaptureSettings.DEFAULT_AGENT_ID;
    private int payloadBytes = CaptureSettings.DEFAULT_PAYLOAD_PREFIX_BYTES;
    private Duration outOfOrderness = ReplayJob.DEFAULT_OUT_OF_ORDERNESS;
    private final FlowEngineConfig.Builder engine = FlowEngineConfig.builder();

    private ReplayOptions() {}

    public static ReplayOptions parse(String... args) {
        ReplayOptions o = new ReplayOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                if (o.capture != null) {
                    throw new IllegalArgumentException("one capture file at a time (got " + o.capture + " and " + a + ")");
                }
                o.capture = Path.of(a);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--out" -> o.out = v.equals("-") ? null : Path.of(v);
                case "--parallelism" -> o.parallelism = positive(a, v);
                case "--agent-id" -> o.agentId = v;
                case "--payload-bytes" -> o.payloadBytes = nonNegative(a, v);
                case "--out-of-orderness" -> o.outOfOrderness = Durations.parse(a, v);
                case "--timeout-opening" -> o.engine.openingTimeout(Durations.parse(a, v));
                case "--timeout-established" -> o.engine.establishedTimeout(Durations.parse(a, v));
                case "--timeout-closing" -> o.engine.closingTimeout(Durations.parse(a, v));
                case "--timeout-one-way" -> o.engine.oneWayTimeout(Durations.parse(a, v));
                case "--timeout-two-way" -> o.engine.twoWayTimeout(Durations.parse(a, v));
                case "--report-interval" -> o.engine.reportInterval(Durations.parse(a, v));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (o.capture == null) {
            throw new IllegalArgumentException("no capture file given");
        }
        return o;
    }

    private static int positive(String option, String v) {
        int n = nonNegative(option, v);
        if (n == 0) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return n;
    }

    private static int nonNegative(String option, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + v + "' is not a non-negative integer");
        }
    }

    public Path capture() { return capture; }
    /** Output file, or null for standard output. */
    public Path out() { return out; }
    public int parallelism() { return parallelism; }
    public Duration outOfOrderness() { return outOfOrderness; }
    public FlowEngineConfig engineConfig() { return engine.build(); }

    public CaptureSettings settings() {
        return new CaptureSettings(agentId, payloadBytes, Long.MAX_VALUE, capture.toString());
    }
}
