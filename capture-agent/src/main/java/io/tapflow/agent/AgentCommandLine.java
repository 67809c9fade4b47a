package io.tapflow.agent;

import io.tapflow.agent.config.AgentSettings;
import io.tapflow.agent.config.ConfigException;
import io.tapflow.agent.config.ConfigLoader;
import io.tapflow.agent.config.Setting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Turns the agent's arguments into a configuration: {@code --config FILE} first, then every other
 * flag in order on top of it. Any setting of agent-defaults.yaml is a flag ({@code --capture.snaplen 128}
 * or {@code --capture.snaplen=128}); the common ones have short forms (see {@link #USAGE}).
 */
public final class AgentCommandLine {

    public enum Action { RUN, HELP, PRINT_CONFIG }

    public static final String USAGE = """
            usage: tapflow agent [options] [FILE...]

            Captures packets live (interfaces matching capture.interfaces) or replays pcap/pcapng FILEs
            ("-" = standard input), decodes them, batches them per flow and publishes PacketBatches to Kafka.

              -c, --config FILE        YAML file with settings (see agent-defaults.yaml / docs/agent.md)
              -i, --interfaces REGEX   capture.interfaces: interfaces to capture (default ^tap.*)
              -f, --filter BPF         capture.bpf-filter: kernel filter in tcpdump syntax
              -r, --read FILE          capture.files: replay FILE instead of capturing (repeatable; - = stdin)
                  --pace N             capture.replay-pace: 0 = as fast as possible, N = N x capture pace
                  --mirror             capture.mirror-mode=true (duplicate suppression on)
                  --no-dedup           capture.dedup=false
                  --bootstrap HOSTS    kafka.bootstrap-servers
                  --topic NAME         kafka.topic
                  --no-kafka           kafka.enabled=false: build and count batches, send nothing
                  --metrics-port N     metrics.http-port (0 disables)
                  --agent-id ID        agent.id
                  --SECTION.KEY VALUE  any setting, e.g. --batch.max-packets 256, --kafka.properties.linger.ms 5
                  --print-config       print the effective settings with their origins and exit
              -h, --help               this text

            Exit status: 0 done, 2 bad configuration or arguments, 3 input errors (corrupt capture; every
            good packet before the damage was still delivered), 1 other failure.
            """;

    private static final Map<String, String> VALUE_ALIASES = Map.of(
            "-i", "capture.interfaces", "--interfaces", "capture.interfaces",
            "-f", "capture.bpf-filter", "--filter", "capture.bpf-filter",
            "--pace", "capture.replay-pace",
            "--bootstrap", "kafka.bootstrap-servers",
            "--topic", "kafka.topic",
            "--metrics-port", "metrics.http-port",
            "--agent-id", "agent.id");

    private static final Map<String, String[]> SWITCHES = Map.of(
            "--mirror", new String[] {"capture.mirror-mode", "true"},
            "--no-dedup", new String[] {"capture.dedup", "false"},
            "--no-kafka", new String[] {"kafka.enabled", "false"});

    private final Action action;
    private final ConfigLoader loader;

    private AgentCommandLine(Action action, ConfigLoader loader) {
        this.action = action;
        this.loader = loader;
    }

    public Action action() {
        return action;
    }

    /** The loader with defaults, file and flags applied; call {@code build()} to validate. */
    public ConfigLoader loader() {
        return loader;
    }

    public static AgentCommandLine parse(List<String> args, Map<String, String> env) {
        Action action = Action.RUN;
        String configFile = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help")) {
                action = Action.HELP;
            } else if (a.equals("--print-config")) {
                action = Action.PRINT_CONFIG;
            } else if (a.equals("-c") || a.equals("--config")) {
                configFile = valueAfter(args, i++, a);
            } else if (a.startsWith("--config=")) {
                configFile = a.substring("--config=".length());
            }
        }
        ConfigLoader loader = ConfigLoader.withDefaults(env);
        if (action == Action.HELP) {
            return new AgentCommandLine(action, loader);
        }
        if (configFile != null) {
            loader.file(Path.of(configFile));
        }
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String origin = "flag " + a;
            if (a.equals("--print-config") || a.equals("-h") || a.equals("--help") || a.startsWith("--config=")) {
                continue;
            }
            if (a.equals("-c") || a.equals("--config")) {
                i++;
            } else if (a.equals("-r") || a.equals("--read")) {
                loader.append("capture.files", valueAfter(args, i++, a), origin);
            } else if (VALUE_ALIASES.containsKey(a)) {
                loader.set(VALUE_ALIASES.get(a), valueAfter(args, i++, a), origin);
            } else if (SWITCHES.containsKey(a)) {
                String[] kv = SWITCHES.get(a);
                loader.set(kv[0], kv[1], origin);
            } else if (a.startsWith("--") && a.length() > 2) {
                String body = a.substring(2);
                int eq = body.indexOf('=');
                String key = eq < 0 ? body : body.substring(0, eq);
                origin = "flag --" + key;
                Setting s = AgentSettings.get(key);
                String value;
                if (eq >= 0) {
                    value = body.substring(eq + 1);
                } else if (s != null && isBooleanSetting(s) && (i + 1 >= args.size() || args.get(i + 1).startsWith("-"))) {
                    value = "true"; // a bare boolean flag switches it on
                } else {
                    value = valueAfter(args, i++, a);
                }
                loader.set(key, value, origin);
            } else if (a.startsWith("-") && !a.equals("-")) {
                throw new ConfigException("unknown option " + a + " (see --help)");
            } else {
                loader.append("capture.files", a, "argument " + a);
            }
        }
        return new AgentCommandLine(action, loader);
    }

    private static boolean isBooleanSetting(Setting s) {
        return s.shape() == Setting.Shape.SCALAR && s.type().isBoolean();
    }

    private static String valueAfter(List<String> args, int i, String flag) {
        if (i + 1 >= args.size()) {
            throw new ConfigException("option " + flag + " needs a value (see --help)");
        }
        return args.get(i + 1);
    }
}
