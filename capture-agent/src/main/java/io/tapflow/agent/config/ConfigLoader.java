package io.tapflow.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Layers the built-in defaults, an optional YAML file and command-line overrides, then validates
 * everything into an {@link AgentConfig}. Every value remembers where it came from, so an error says
 * "capture.snaplen (agent.yaml line 7): must be an integer from 64 to 262144, got 'big'".
 */
public final class ConfigLoader {
    public static final String DEFAULTS_RESOURCE = "/agent-defaults.yaml";

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    /** Producer settings the agent derives from its own keys; setting them in kafka.properties would be ambiguous. */
    private static final Map<String, String> MANAGED_PRODUCER_SETTINGS = Map.ofEntries(
            Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka.bootstrap-servers"),
            Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "kafka.compression"),
            Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "kafka.idempotence"),
            Map.entry(ProducerConfig.ACKS_CONFIG, "kafka.acks"),
            Map.entry(ProducerConfig.BUFFER_MEMORY_CONFIG, "kafka.buffer-memory"),
            Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "kafka.max-block"),
            Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "kafka.delivery-timeout"),
            Map.entry(ProducerConfig.LINGER_MS_CONFIG, "kafka.linger"),
            Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, "kafka.batch-size"),
            Map.entry(ProducerConfig.CLIENT_ID_CONFIG, "kafka.client-id"),
            Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "(fixed: byte arrays)"),
            Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "(fixed: byte arrays)"));

    /** A raw value (String, List of String or Map of String) and where it was set. */
    private record Entry(Object raw, String origin) {
    }

    private final Map<String, String> env;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Set<String> appendedByFlag = new HashSet<>();

    private ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /** A loader holding the built-in defaults; {@code env} resolves ${VAR} references. */
    public static ConfigLoader withDefaults(Map<String, String> env) {
        ConfigLoader loader = new ConfigLoader(env);
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " missing from the classpath");
            }
            loader.yaml(new String(in.readAllBytes(), StandardCharsets.UTF_8), "defaults");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
        }
        return loader;
    }

    /** Overlays a YAML file. */
    public ConfigLoader file(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + path + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
        }
        return yaml(text, path.toString());
    }

    /** Overlays YAML text; {@code source} names it in messages. */
    public ConfigLoader yaml(String text, String source) {
        Node root;
        try (Reader reader = new StringReader(text)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (MarkedYAMLException e) {
            throw new ConfigException(source + " line " + (e.getProblemMark().getLine() + 1) + ": not valid YAML: "
                    + e.getProblem());
        } catch (YAMLException | IOException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            return this; // empty file
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new ConfigException(source + " line " + line(root) + ": the top level must be a mapping of sections");
        }
        walk(mapping, "", source);
        return this;
    }

    /**
     * Sets one key from the command line. Lists take a comma-separated string; a map entry is set as
     * {@code kafka.properties.<producer setting>}.
     */
    public ConfigLoader set(String key, String value, String origin) {
        String mapKey = mapEntryKey(key);
        if (mapKey != null) {
            putMapEntry(key.substring(0, key.length() - mapKey.length() - 1), mapKey, value, origin);
            return this;
        }
        Setting s = requireKnown(key, origin);
        Object raw = switch (s.shape()) {
            case SCALAR -> value;
            case LIST -> splitList(value);
            case MAP -> throw new ConfigException(key + " (" + origin + "): set its entries one by one, as " + key + ".NAME=VALUE");
        };
        entries.put(key, new Entry(raw, origin));
        return this;
    }

    /**
     * Adds one element to a list from the command line (e.g. {@code -r file} twice). The first append
     * replaces what the files said, so flags never mix with the file's list by accident.
     */
    public ConfigLoader append(String key, String value, String origin) {
        Setting s = requireKnown(key, origin);
        if (s.shape() != Setting.Shape.LIST) {
            throw new IllegalArgumentException(key + " is not a list");
        }
        List<String> list = new ArrayList<>();
        if (appendedByFlag.contains(key)) {
            @SuppressWarnings("unchecked")
            List<String> current = (List<String>) entries.get(key).raw();
            list.addAll(current);
        }
        appendedByFlag.add(key);
        list.add(value);
        entries.put(key, new Entry(list, origin));
        return this;
    }

    /** Validates every value; all problems are reported together, one per line. */
    public AgentConfig build() {
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (Setting s : AgentSettings.all().values()) {
            Entry e = entries.get(s.key());
            if (e == null) {
                errors.add(s.key() + ": missing from the built-in defaults (a packaging error)");
                continue;
            }
            try {
                values.put(s.key(), parse(s, e));
            } catch (ConfigException ex) {
                errors.add(ex.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(String.join("\n", errors));
        }
        return assemble(values);
    }

    /** The effective settings as YAML-ish lines with their origins, for --print-config. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        String section = "";
        for (Setting s : AgentSettings.all().values()) {
            Entry e = entries.get(s.key());
            String sec = s.key().substring(0, s.key().indexOf('.'));
            if (!sec.equals(section)) {
                section = sec;
                sb.append(sec).append(":\n");
            }
            String name = s.key().substring(sec.length() + 1);
            sb.append("  ").append(name).append(": ").append(render(e.raw())).append("   # ").append(e.origin()).append('\n');
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- YAML walking

    private void walk(MappingNode mapping, String prefix, String source) {
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode keyNode)) {
                throw new ConfigException(source + " line " + line(t.getKeyNode()) + ": keys must be plain names");
            }
            String name = keyNode.getValue();
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            String origin = source + " line " + line(keyNode);
            if (!seen.add(name)) {
                throw new ConfigException(key + " (" + origin + "): set twice in the same section");
            }
            Node value = t.getValueNode();
            Setting s = AgentSettings.get(key);
            if (s == null) {
                if (AgentSettings.isSection(key)) {
                    if (!(value instanceof MappingNode sub)) {
                        throw new ConfigException(key + " (" + origin + "): is a section, expected keys "
                                + AgentSettings.keysUnder(key));
                    }
                    walk(sub, key, source);
                    continue;
                }
                throw unknownKey(key, prefix, origin);
            }
            entries.put(key, new Entry(rawValue(s, value, origin), origin));
        }
    }

    private Object rawValue(Setting s, Node value, String origin) {
        switch (s.shape()) {
            case SCALAR:
                if (value instanceof ScalarNode scalar) {
                    return scalarText(scalar);
                }
                throw new ConfigException(s.key() + " (" + origin + "): must be a single value, " + s.type().describe());
            case LIST:
                if (value instanceof SequenceNode seq) {
                    List<String> items = new ArrayList<>();
                    for (Node item : seq.getValue()) {
                        if (!(item instanceof ScalarNode scalar)) {
                            throw new ConfigException(s.key() + " (" + origin + "): list items must be single values");
                        }
                        items.add(scalarText(scalar));
                    }
                    return items;
                }
                if (value instanceof ScalarNode scalar) {
                    return splitList(scalarText(scalar));
                }
                throw new ConfigException(s.key() + " (" + origin + "): must be a list");
            default:
                if (value instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
                    return new LinkedHashMap<String, String>();
                }
                if (!(value instanceof MappingNode map)) {
                    throw new ConfigException(s.key() + " (" + origin + "): must be a mapping of NAME: VALUE");
                }
                Map<String, String> result = new LinkedHashMap<>();
                for (NodeTuple t : map.getValue()) {
                    if (!(t.getKeyNode() instanceof ScalarNode k) || !(t.getValueNode() instanceof ScalarNode v)) {
                        throw new ConfigException(s.key() + " (" + origin + "): entries must be NAME: VALUE");
                    }
                    result.put(k.getValue(), scalarText(v));
                }
                return result;
        }
    }

    private static String scalarText(ScalarNode scalar) {
        return scalar.getTag().equals(Tag.NULL) ? "" : scalar.getValue();
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    // ---------------------------------------------------------------- flags

    /** For "kafka.properties.security.protocol" returns "security.protocol"; null when the key is no map entry. */
    private static String mapEntryKey(String key) {
        for (Setting s : AgentSettings.all().values()) {
            if (s.shape() == Setting.Shape.MAP && key.startsWith(s.key() + ".") && key.length() > s.key().length() + 1) {
                return key.substring(s.key().length() + 1);
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private void putMapEntry(String mapSetting, String name, String value, String origin) {
        Entry current = entries.get(mapSetting);
        Map<String, String> map = new LinkedHashMap<>(current == null ? Map.of() : (Map<String, String>) current.raw());
        map.put(name, value);
        entries.put(mapSetting, new Entry(map, origin));
    }

    private Setting requireKnown(String key, String origin) {
        Setting s = AgentSettings.get(key);
        if (s == null) {
            int dot = key.lastIndexOf('.');
            throw unknownKey(key, dot < 0 ? "" : key.substring(0, dot), origin);
        }
        return s;
    }

    private static ConfigException unknownKey(String key, String section, String origin) {
        String where = AgentSettings.isSection(section) || section.isEmpty()
                ? "; known keys" + (section.isEmpty() ? " (sections)" : " in '" + section + "'") + ": "
                        + String.join(", ", AgentSettings.keysUnder(section))
                : "";
        return new ConfigException("unknown key '" + key + "' (" + origin + ")" + where);
    }

    private static List<String> splitList(String text) {
        List<String> items = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                items.add(part.trim());
            }
        }
        return items;
    }

    // ---------------------------------------------------------------- validation

    private Object parse(Setting s, Entry e) {
        switch (s.shape()) {
            case SCALAR:
                return parseScalar(s, (String) e.raw(), e.origin());
            case LIST: {
                List<Object> out = new ArrayList<>();
                @SuppressWarnings("unchecked")
                List<String> items = (List<String>) e.raw();
                for (String item : items) {
                    out.add(parseScalar(s, item, e.origin()));
                }
                return List.copyOf(out);
            }
            default: {
                @SuppressWarnings("unchecked")
                Map<String, String> raw = (Map<String, String>) e.raw();
                Map<String, String> out = new LinkedHashMap<>();
                for (Map.Entry<String, String> me : raw.entrySet()) {
                    out.put(me.getKey(), expand(s.key() + "." + me.getKey(), me.getValue(), e.origin()));
                }
                return out;
            }
        }
    }

    private Object parseScalar(Setting s, String text, String origin) {
        String expanded = expand(s.key(), text, origin);
        try {
            return s.type().parse(expanded);
        } catch (IllegalArgumentException ex) {
            String shown = expanded.equals(text) ? "'" + text + "'" : "'" + expanded + "' (from '" + text + "')";
            throw new ConfigException(s.key() + " (" + origin + "): must be " + ex.getMessage() + ", got " + shown);
        }
    }

    private String expand(String key, String text, String origin) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = ENV_REF.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null || v.isEmpty()) {
                v = m.group(2);
            }
            if (v == null) {
                throw new ConfigException(key + " (" + origin + "): environment variable " + m.group(1)
                        + " is not set and has no default (write ${" + m.group(1) + ":-value})");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private AgentConfig assemble(Map<String, Object> v) {
        String agentId = (String) v.get("agent.id");
        if (agentId.isBlank()) {
            agentId = hostName();
        }
        boolean mirror = (Boolean) v.get("capture.mirror-mode");
        String dedup = (String) v.get("capture.dedup");
        AgentConfig.Agent agent = new AgentConfig.Agent(agentId, intOf(v, "agent.tap-type"));
        AgentConfig.Capture capture = new AgentConfig.Capture(
                (Pattern) v.get("capture.interfaces"),
                (String) v.get("capture.netns"),
                (Duration) v.get("capture.rescan-interval"),
                (String) v.get("capture.bpf-filter"),
                intOf(v, "capture.snaplen"),
                (Boolean) v.get("capture.promiscuous"),
                (Long) v.get("capture.buffer-size"),
                (Duration) v.get("capture.read-timeout"),
                (String) v.get("capture.live-reader"),
                (List<String>) v.get("capture.files"),
                (Double) v.get("capture.replay-pace"),
                mirror,
                dedup.equals("auto") ? mirror : Boolean.parseBoolean(dedup),
                (Duration) v.get("capture.dedup-window"));
        List<Integer> vxlanPorts = new ArrayList<>();
        for (Object p : (List<Object>) v.get("decode.vxlan-ports")) {
            vxlanPorts.add(((Long) p).intValue());
        }
        AgentConfig.Decode decode = new AgentConfig.Decode(
                intOf(v, "decode.payload-prefix-bytes"),
                (Boolean) v.get("decode.decapsulate"),
                List.copyOf(vxlanPorts),
                intOf(v, "decode.geneve-port"),
                (Boolean) v.get("decode.drop-own-vxlan"),
                intOf(v, "decode.max-tunnel-depth"),
                intOf(v, "decode.fragment-table-size"),
                (Duration) v.get("decode.fragment-timeout"));
        AgentConfig.Batch batch = new AgentConfig.Batch(
                intOf(v, "batch.max-packets"),
                (Duration) v.get("batch.flush-interval"),
                (Duration) v.get("batch.flow-idle-timeout"),
                intOf(v, "batch.flow-table-limit"));
        String clientId = (String) v.get("kafka.client-id");
        AgentConfig.Kafka kafka = new AgentConfig.Kafka(
                (Boolean) v.get("kafka.enabled"),
                (String) v.get("kafka.bootstrap-servers"),
                (String) v.get("kafka.topic"),
                (String) v.get("kafka.compression"),
                (Boolean) v.get("kafka.idempotence"),
                (String) v.get("kafka.acks"),
                (Long) v.get("kafka.buffer-memory"),
                (Duration) v.get("kafka.max-block"),
                (Duration) v.get("kafka.startup-wait"),
                (Duration) v.get("kafka.delivery-timeout"),
                (Duration) v.get("kafka.linger"),
                (Long) v.get("kafka.batch-size"),
                clientId.isBlank() ? "tapflow-agent-" + agentId : clientId,
                Map.copyOf((Map<String, String>) v.get("kafka.properties")));
        AgentConfig.Metrics metrics = new AgentConfig.Metrics(
                intOf(v, "metrics.http-port"),
                (String) v.get("metrics.bind-address"),
                (Duration) v.get("metrics.log-interval"));
        checkCombinations(capture, kafka);
        return new AgentConfig(agent, capture, decode, batch, kafka, metrics);
    }

    private void checkCombinations(AgentConfig.Capture capture, AgentConfig.Kafka kafka) {
        List<String> errors = new ArrayList<>();
        if (kafka.idempotence() && !kafka.acks().equals("all")) {
            errors.add("kafka.acks (" + origin("kafka.acks") + "): must be all while kafka.idempotence is true (got "
                    + kafka.acks() + ")");
        }
        if (kafka.enabled() && kafka.bootstrapServers().isBlank()) {
            errors.add("kafka.bootstrap-servers (" + origin("kafka.bootstrap-servers") + "): must not be empty while kafka.enabled is true");
        }
        if (kafka.enabled() && kafka.topic().isBlank()) {
            errors.add("kafka.topic (" + origin("kafka.topic") + "): must not be empty");
        }
        Set<String> producerSettings = ProducerConfig.configNames();
        for (String name : kafka.properties().keySet()) {
            String managed = MANAGED_PRODUCER_SETTINGS.get(name);
            if (managed != null) {
                errors.add("kafka.properties." + name + " (" + origin("kafka.properties") + "): set " + managed + " instead");
            } else if (!producerSettings.contains(name)) {
                errors.add("kafka.properties." + name + " (" + origin("kafka.properties") + "): not a Kafka producer setting");
            }
        }
        long stdin = capture.files().stream().filter("-"::equals).count();
        if (stdin > 1) {
            errors.add("capture.files (" + origin("capture.files") + "): standard input (-) can be read only once");
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(String.join("\n", errors));
        }
    }

    private String origin(String key) {
        return entries.get(key).origin();
    }

    private static int intOf(Map<String, Object> v, String key) {
        return ((Long) v.get(key)).intValue();
    }

    private static String render(Object raw) {
        if (raw instanceof String s) {
            return s.isEmpty() || s.contains(": ") || s.contains("#") || s.startsWith("^") || s.startsWith("$") ? "\"" + s.replace("\"", "\\\"") + "\"" : s;
        }
        if (raw instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            for (Object o : list) {
                items.add(render(o));
            }
            return "[" + String.join(", ", items) + "]";
        }
        Map<?, ?> map = (Map<?, ?>) raw;
        List<String> items = new ArrayList<>();
        map.forEach((k, val) -> items.add(k + ": " + render(val)));
        return "{" + String.join(", ", items) + "}";
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return env != null && !env.isBlank() ? env : "tapflow-agent";
        }
    }
}
