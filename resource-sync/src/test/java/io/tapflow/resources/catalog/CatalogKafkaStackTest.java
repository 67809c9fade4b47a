package io.tapflow.resources.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.resources.publish.KafkaResourceTopic;
import io.tapflow.schema.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `catalog load` against the local stack's broker (./tapflow up). */
@Tag("stack")
class CatalogKafkaStackTest {
    private static final String BOOTSTRAP = "127.0.0.1:" + System.getenv().getOrDefault("TAPFLOW_KAFKA_PORT", "19092");
    private final String topic = "tapflow.resources.test-" + UUID.randomUUID();

    @TempDir
    Path dir;

    @AfterEach
    void dropTopic() throws Exception {
        try (Admin admin = Admin.create(props())) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void loadPublishesAllOrNothingToACompactedTopicAndPrunes() throws Exception {
        String example = Path.of("../examples/catalog/two-vpcs.yaml").toString();
        assertThat(run("load", example, "--version", "5")).isZero();
        KafkaResourceTopic t = new KafkaResourceTopic(BOOTSTRAP, topic, "test");
        Map<String, Resource> first = t.readAll();
        assertThat(first).hasSize(21).containsKeys("VPC/100", "VPC/200", "POD/9001", "SERVICE/61", "CUSTOM_GROUP/2");
        assertThat(first.get("POD/9001").getVersion()).isEqualTo(5);
        try (Admin admin = Admin.create(props())) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r).get("cleanup.policy").value())
                    .isEqualTo("compact");
        }

        // a broken catalog of the same source: refused before anything is written
        Path bad = dir.resolve("two-vpcs.yaml");
        Files.writeString(bad, Files.readString(Path.of(example)).replace("10.0.44.7", "10.0.44.700"));
        assertThatThrownBy(() -> CatalogCommandAccess.run("load", bad.toString(), "--kafka-bootstrap", BOOTSTRAP, "--topic", topic, "--version", "6"))
                .isInstanceOf(CatalogException.class).hasMessageContaining("pods[0] (pod 9001 'cart-7d9f-abcde'): bad address or CIDR '10.0.44.700'");
        assertThat(t.readAll()).isEqualTo(first);

        // the same source without its Kubernetes part, pruned: those entries are deleted (records, not yet tombstones)
        Path smaller = dir.resolve("smaller.yaml");
        String text = Files.readString(Path.of(example));
        Files.writeString(smaller, text.substring(0, text.indexOf("clusters:")) + text.substring(text.indexOf("groups:"))
                .replace("{kind: workload, id: 301}, ", ""));
        assertThat(run("load", smaller.toString(), "--version", "7", "--prune")).isZero();
        Map<String, Resource> after = t.readAll();
        assertThat(after.get("POD/9001").getDeleted()).isTrue();
        assertThat(after.get("POD/9001").getVersion()).isEqualTo(7);
        assertThat(after.get("VM/31").getDeleted()).isFalse();
        t.close();
    }

    private int run(String... args) throws Exception {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--kafka-bootstrap";
        all[args.length + 1] = BOOTSTRAP;
        all[args.length + 2] = "--topic";
        all[args.length + 3] = topic;
        return CatalogCommandAccess.run(all);
    }

    private static Properties props() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        return p;
    }
}
