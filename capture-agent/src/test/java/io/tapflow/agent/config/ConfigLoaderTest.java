package io.tapflow.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.agent.AgentCommandLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final Map<String, String> NO_ENV = Map.of();

    @TempDir
    Path dir;

    private AgentConfig defaults() {
        return ConfigLoader.withDefaults(NO_ENV).build();
    }

    private AgentConfig fromYaml(String yaml) {
        return ConfigLoader.withDefaults(NO_ENV).yaml(yaml, "test.yaml").build();
    }

    private AgentConfig fromArgs(String... args) {
        return AgentCommandLine.parse(List.of(args), NO_ENV).loader().build();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        AgentConfig c = defaults();
        assertThat(c.agent().id()).isNotBlank();
        assertThat(c.agent().tapType()).isEqualTo(3);
        assertThat(c.capture().interfaces().pattern()).isEqualTo("^tap.*");
        assertThat(c.capture().snaplen()).isEqualTo(65535);
        assertThat(c.capture().promiscuous()).isTrue();
        assertThat(c.capture().bufferSize()).isEqualTo(32L << 20);
        assertThat(c.capture().readTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.capture().files()).isEmpty();
        assertThat(c.capture().replayPace()).isZero();
        assertThat(c.capture().mirrorMode()).isFalse();
        assertThat(c.capture().dedup()).isFalse();
        assertThat(c.decode().payloadPrefixBytes()).isEqualTo(256);
        assertThat(c.decode().vxlanPorts()).containsExactly(4789);
        assertThat(c.batch().maxPackets()).isEqualTo(512);
        assertThat(c.batch().flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.kafka().bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(c.kafka().topic()).isEqualTo("tapflow.packets");
        assertThat(c.kafka().compression()).isEqualTo("lz4");
        assertThat(c.kafka().idempotence()).isTrue();
        assertThat(c.kafka().acks()).isEqualTo("all");
        assertThat(c.kafka().clientId()).isEqualTo("tapflow-agent-" + c.agent().id());
        assertThat(c.metrics().httpPort()).isEqualTo(19464);
        assertThat(c.metrics().logInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void environmentPortsFollowTheStackConvention() {
        AgentConfig c = ConfigLoader.withDefaults(Map.of("TAPFLOW_KAFKA_PORT", "29092", "TAPFLOW_AGENT_METRICS_PORT", "0"))
                .build();
        assertThat(c.kafka().bootstrapServers()).isEqualTo("127.0.0.1:29092");
        assertThat(c.metrics().httpPort()).isZero();
    }

    @Test
    void everyCatalogueKeyIsDocumentedInTheDefaultsFileAndViceVersa() throws IOException {
        String text;
        try (InputStream in = ConfigLoader.class.getResourceAsStream(ConfigLoader.DEFAULTS_RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> fileKeys = new TreeSet<>();
        String section = null;
        List<String> lines = text.lines().toList();
        Pattern keyLine = Pattern.compile("^(\\s*)([a-z][a-z0-9-]*):.*");
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = keyLine.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            if (m.group(1).isEmpty()) {
                section = m.group(2);
            } else {
                fileKeys.add(section + "." + m.group(2));
                assertThat(lines.get(i - 1).trim()).as("comment above " + section + "." + m.group(2)).startsWith("#");
            }
        }
        assertThat(fileKeys).isEqualTo(new TreeSet<>(AgentSettings.all().keySet()));
    }

    @Test
    void yamlOverridesDefaultsAndFlagsOverrideYaml() throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                agent:
                  id: edge-7
                capture:
                  snaplen: 256
                  interfaces: "^(eth|veth).*"
                kafka:
                  compression: zstd
                  properties:
                    security.protocol: PLAINTEXT
                """);
        AgentConfig c = fromArgs("--config", file.toString(), "--capture.snaplen=512", "-i", "^veth", "--no-kafka");
        assertThat(c.agent().id()).isEqualTo("edge-7");
        assertThat(c.capture().snaplen()).isEqualTo(512);
        assertThat(c.capture().interfaces().pattern()).isEqualTo("^veth");
        assertThat(c.kafka().compression()).isEqualTo("zstd");
        assertThat(c.kafka().enabled()).isFalse();
        assertThat(c.kafka().properties()).containsEntry("security.protocol", "PLAINTEXT");
    }

    @Test
    void filesComeFromReadFlagsAndArguments() {
        AgentConfig c = fromArgs("-r", "a.pcap", "--read", "b.pcapng", "c.pcap", "--pace", "2.5", "--mirror");
        assertThat(c.capture().files()).containsExactly("a.pcap", "b.pcapng", "c.pcap");
        assertThat(c.capture().replaysFiles()).isTrue();
        assertThat(c.capture().replayPace()).isEqualTo(2.5);
        assertThat(c.capture().mirrorMode()).isTrue();
        assertThat(c.capture().dedup()).as("mirror mode turns dedup on").isTrue();
        assertThat(fromArgs("--mirror", "--no-dedup").capture().dedup()).isFalse();
        assertThat(fromArgs("-", "--no-kafka").capture().files()).containsExactly("-");
    }

    @Test
    void unitsAreParsed() {
        AgentConfig c = fromYaml("""
                capture: {buffer-size: 4m, read-timeout: 1000us, dedup-window: 250us}
                kafka: {buffer-memory: 1GiB, max-block: 0ms, linger: 1.5s, batch-size: 64KiB}
                batch: {flush-interval: 100ms, flow-idle-timeout: 5m}
                """);
        assertThat(c.capture().bufferSize()).isEqualTo(4L << 20);
        assertThat(c.capture().readTimeout()).isEqualTo(Duration.ofMillis(1));
        assertThat(c.capture().dedupWindow()).isEqualTo(Duration.ofNanos(250_000));
        assertThat(c.kafka().bufferMemory()).isEqualTo(1L << 30);
        assertThat(c.kafka().maxBlock()).isEqualTo(Duration.ZERO);
        assertThat(c.kafka().linger()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.kafka().batchSize()).isEqualTo(64 * 1024);
        assertThat(c.batch().flushInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.batch().flowIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void unknownKeyIsAnErrorNamingKeyLineAndAlternatives() {
        assertThatThrownBy(() -> fromYaml("""
                capture:
                  snaplen: 128
                  snap-len: 128
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'capture.snap-len'")
                .hasMessageContaining("test.yaml line 3")
                .hasMessageContaining("snaplen");
        assertThatThrownBy(() -> fromYaml("captur:\n  snaplen: 1\n"))
                .hasMessageContaining("unknown key 'captur'").hasMessageContaining("capture");
        assertThatThrownBy(() -> fromArgs("--kafka.topik", "x"))
                .hasMessageContaining("unknown key 'kafka.topik'").hasMessageContaining("flag --kafka.topik");
        assertThatThrownBy(() -> fromArgs("-z")).hasMessageContaining("unknown option -z");
    }

    @Test
    void badValuesAreErrorsNamingKeyValueAndRange() {
        assertThatThrownBy(() -> fromYaml("capture:\n  snaplen: huge\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("capture.snaplen (test.yaml line 2): must be an integer from 64 to 262144, got 'huge'");
        assertThatThrownBy(() -> fromYaml("capture:\n  snaplen: 10\n")).hasMessageContaining("capture.snaplen");
        assertThatThrownBy(() -> fromYaml("capture:\n  read-timeout: 100\n"))
                .hasMessageContaining("capture.read-timeout").hasMessageContaining("a duration with a unit");
        assertThatThrownBy(() -> fromYaml("capture:\n  read-timeout: 250us\n"))
                .hasMessageContaining("capture.read-timeout").hasMessageContaining("from 1ms to 10s");
        assertThatThrownBy(() -> fromYaml("capture:\n  interfaces: \"^(tap\"\n"))
                .hasMessageContaining("capture.interfaces").hasMessageContaining("regular expression");
        assertThatThrownBy(() -> fromYaml("kafka:\n  compression: brotli\n"))
                .hasMessageContaining("kafka.compression").hasMessageContaining("one of lz4, zstd");
        assertThatThrownBy(() -> fromYaml("capture:\n  promiscuous: maybe\n"))
                .hasMessageContaining("capture.promiscuous").hasMessageContaining("true or false");
        assertThatThrownBy(() -> fromYaml("decode:\n  vxlan-ports: [4789, 70000]\n"))
                .hasMessageContaining("decode.vxlan-ports").hasMessageContaining("70000");
        assertThatThrownBy(() -> fromArgs("--metrics-port", "-1"))
                .hasMessageContaining("metrics.http-port (flag --metrics-port)");
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        assertThatThrownBy(() -> fromYaml("capture:\n  snaplen: x\nbatch:\n  max-packets: 0\n"))
                .hasMessageContaining("capture.snaplen").hasMessageContaining("batch.max-packets");
    }

    @Test
    void combinationsAreChecked() {
        assertThatThrownBy(() -> fromArgs("--kafka.acks", "1"))
                .hasMessageContaining("kafka.acks").hasMessageContaining("kafka.idempotence");
        assertThat(fromArgs("--kafka.acks", "1", "--kafka.idempotence", "false").kafka().acks()).isEqualTo("1");
        assertThatThrownBy(() -> fromArgs("--kafka.properties.linger.ms", "5"))
                .hasMessageContaining("kafka.properties.linger.ms").hasMessageContaining("kafka.linger");
        assertThatThrownBy(() -> fromArgs("--kafka.properties.no.such.thing", "5"))
                .hasMessageContaining("kafka.properties.no.such.thing").hasMessageContaining("not a Kafka producer setting");
        assertThatThrownBy(() -> fromArgs("-", "-")).hasMessageContaining("standard input");
    }

    @Test
    void structuralMistakesAreClear() {
        assertThatThrownBy(() -> fromYaml("capture: 5\n")).hasMessageContaining("capture").hasMessageContaining("is a section");
        assertThatThrownBy(() -> fromYaml("capture:\n  snaplen: [1, 2]\n")).hasMessageContaining("must be a single value");
        assertThatThrownBy(() -> fromYaml("capture:\n  snaplen: 100\n  snaplen: 200\n")).hasMessageContaining("set twice");
        assertThatThrownBy(() -> fromYaml("capture:\n  snaplen: [\n")).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> fromArgs("--config", dir.resolve("nope.yaml").toString()))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> fromArgs("--topic")).hasMessageContaining("needs a value");
    }

    @Test
    void environmentReferencesAreExpandedOrReported() {
        AgentConfig c = ConfigLoader.withDefaults(Map.of("TOPIC", "t1"))
                .yaml("kafka:\n  topic: ${TOPIC}\n  client-id: ${CID:-fallback}\n", "test.yaml").build();
        assertThat(c.kafka().topic()).isEqualTo("t1");
        assertThat(c.kafka().clientId()).isEqualTo("fallback");
        assertThatThrownBy(() -> fromYaml("kafka:\n  topic: ${TAPFLOW_SURELY_UNSET}\n"))
                .hasMessageContaining("kafka.topic").hasMessageContaining("TAPFLOW_SURELY_UNSET is not set");
    }

    @Test
    void printConfigShowsOrigins() {
        String text = AgentCommandLine.parse(List.of("--capture.snaplen", "200"), NO_ENV).loader().describe();
        assertThat(text).contains("snaplen: 200   # flag --capture.snaplen").contains("topic: tapflow.packets   # defaults line");
    }

    @Test
    void bareBooleanFlagMeansTrue() {
        List<String> args = new ArrayList<>(List.of("--capture.mirror-mode", "--agent-id", "x"));
        AgentConfig c = AgentCommandLine.parse(args, NO_ENV).loader().build();
        assertThat(c.capture().mirrorMode()).isTrue();
        assertThat(c.agent().id()).isEqualTo("x");
    }
}
