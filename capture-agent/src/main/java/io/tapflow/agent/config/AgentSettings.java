package io.tapflow.agent.config;

import static io.tapflow.agent.config.ValueType.bool;
import static io.tapflow.agent.config.ValueType.decimal;
import static io.tapflow.agent.config.ValueType.duration;
import static io.tapflow.agent.config.ValueType.integer;
import static io.tapflow.agent.config.ValueType.oneOf;
import static io.tapflow.agent.config.ValueType.regex;
import static io.tapflow.agent.config.ValueType.size;
import static io.tapflow.agent.config.ValueType.text;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The catalogue of the agent's settings: name, shape and allowed values. Defaults and their
 * documentation live in {@code agent-defaults.yaml} (a test checks that the two list the same keys),
 * so an operator reads one commented file and the code has one table to validate against.
 */
public final class AgentSettings {
    /** The product's limit on capture interfaces per agent (manual part 5, bild notes). */
    public static final int MAX_INTERFACES = 16;

    private static final Map<String, Setting> ALL = new LinkedHashMap<>();

    static {
        add(Setting.scalar("agent.id", text()));
        add(Setting.scalar("agent.tap-type", integer(1, 255)));

        add(Setting.scalar("capture.interfaces", regex()));
        add(Setting.scalar("capture.netns", text()));
        add(Setting.scalar("capture.rescan-interval", duration(Duration.ZERO, Duration.ofHours(1))));
        add(Setting.scalar("capture.bpf-filter", text()));
        add(Setting.scalar("capture.snaplen", integer(64, 262_144)));
        add(Setting.scalar("capture.promiscuous", bool()));
        add(Setting.scalar("capture.buffer-size", size(64L << 10, 2L << 30)));
        add(Setting.scalar("capture.read-timeout", duration(Duration.ofMillis(1), Duration.ofSeconds(10))));
        add(Setting.scalar("capture.live-reader", oneOf("direct", "pcap4j-listener")));
        add(Setting.list("capture.files", text()));
        add(Setting.scalar("capture.replay-pace", decimal(0, 1_000_000)));
        add(Setting.scalar("capture.mirror-mode", bool()));
        add(Setting.scalar("capture.dedup", oneOf("auto", "true", "false")));
        add(Setting.scalar("capture.dedup-window", duration(Duration.ofNanos(1_000), Duration.ofSeconds(1))));

        add(Setting.scalar("decode.payload-prefix-bytes", integer(0, 65_535)));
        add(Setting.scalar("decode.decapsulate", bool()));
        add(Setting.list("decode.vxlan-ports", integer(1, 65_535)));
        add(Setting.scalar("decode.geneve-port", integer(0, 65_535)));
        add(Setting.scalar("decode.drop-own-vxlan", bool()));
        add(Setting.scalar("decode.max-tunnel-depth", integer(0, 16)));
        add(Setting.scalar("decode.fragment-table-size", integer(0, 1 << 24)));
        add(Setting.scalar("decode.fragment-timeout", duration(Duration.ofSeconds(1), Duration.ofMinutes(5))));

        add(Setting.scalar("batch.max-packets", integer(1, 65_535)));
        add(Setting.scalar("batch.flush-interval", duration(Duration.ofMillis(1), Duration.ofSeconds(60))));
        add(Setting.scalar("batch.flow-idle-timeout", duration(Duration.ofSeconds(1), Duration.ofHours(1))));
        add(Setting.scalar("batch.flow-table-limit", integer(1, 1 << 28)));

        add(Setting.scalar("kafka.enabled", bool()));
        add(Setting.scalar("kafka.bootstrap-servers", text()));
        add(Setting.scalar("kafka.topic", text()));
        add(Setting.scalar("kafka.compression", oneOf("lz4", "zstd", "none", "gzip", "snappy")));
        add(Setting.scalar("kafka.idempotence", bool()));
        add(Setting.scalar("kafka.acks", oneOf("all", "1", "0")));
        add(Setting.scalar("kafka.buffer-memory", size(1L << 20, 4L << 30)));
        add(Setting.scalar("kafka.max-block", duration(Duration.ZERO, Duration.ofSeconds(10))));
        add(Setting.scalar("kafka.startup-wait", duration(Duration.ZERO, Duration.ofMinutes(10))));
        add(Setting.scalar("kafka.delivery-timeout", duration(Duration.ofSeconds(1), Duration.ofHours(1))));
        add(Setting.scalar("kafka.linger", duration(Duration.ZERO, Duration.ofSeconds(10))));
        add(Setting.scalar("kafka.batch-size", size(1L << 10, 64L << 20)));
        add(Setting.scalar("kafka.client-id", text()));
        add(Setting.map("kafka.properties"));

        add(Setting.scalar("metrics.http-port", integer(0, 65_535)));
        add(Setting.scalar("metrics.bind-address", text()));
        add(Setting.scalar("metrics.log-interval", duration(Duration.ZERO, Duration.ofHours(1))));
    }

    private AgentSettings() {
    }

    private static void add(Setting s) {
        ALL.put(s.key(), s);
    }

    /** All settings in file order. */
    public static Map<String, Setting> all() {
        return ALL;
    }

    public static Setting get(String key) {
        return ALL.get(key);
    }

    /** True when {@code prefix} names a section (a key prefix ending before a dot), e.g. "kafka". */
    static boolean isSection(String prefix) {
        String p = prefix + ".";
        for (String k : ALL.keySet()) {
            if (k.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The keys directly under a section, for "did you mean" hints. */
    static Set<String> keysUnder(String section) {
        Set<String> keys = new TreeSet<>();
        String p = section.isEmpty() ? "" : section + ".";
        for (String k : ALL.keySet()) {
            if (k.startsWith(p)) {
                String rest = k.substring(p.length());
                int dot = rest.indexOf('.');
                keys.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        return keys;
    }
}
