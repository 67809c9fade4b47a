package io.tapflow.tools.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.codec.PublishedSchema;
import io.tapflow.schema.codec.SchemaCatalog;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationPlanTest {

    @Test
    void aReleasedSchemaVersionThatAddsFieldsBecomesAnAddColumnMigration(@TempDir Path dir) throws Exception {
        Path current = Files.createDirectories(dir.resolve("current"));
        Path released = Files.createDirectories(dir.resolve("released"));
        for (PublishedSchema p : PublishedSchema.values()) {
            String v1;
            try (InputStream in = getClass().getResourceAsStream(p.currentResource())) {
                v1 = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            Files.writeString(current.resolve(p.fileName() + ".avsc"), v1);
            Files.createDirectories(released.resolve(p.fileName()));
            Files.writeString(released.resolve(p.fileName()).resolve("v1.avsc"), v1);
            if (p == PublishedSchema.L4_FLOW_LOG) {
                String v2 = v1.replaceFirst("(\\{\\s*\"name\": \"duration\")",
                                "{\"name\": \"ttl_0\", \"type\": \"int\", \"default\": 0, \"doc\": \"Client IP TTL.\", \"clickhouse.type\": \"UInt8\"},\n    $1");
                Files.writeString(released.resolve(p.fileName()).resolve("v2.avsc"), v2);
            }
        }
        SchemaCatalog catalog = SchemaCatalog.fromDirectories(current, released);

        List<Migration> legacy = new MigrationPlan(catalog, new DdlRenderer(RenderOptions.of(RenderTarget.LEGACY))).migrations();
        List<Migration> cluster = new MigrationPlan(catalog, new DdlRenderer(RenderOptions.of(RenderTarget.CLUSTER))).migrations();

        assertThat(legacy).extracting(Migration::id)
                .startsWith("flow_log.l4_flow_log@v1", "flow_log.l4_flow_log@v2", "flow_log.l7_flow_log@v1")
                .hasSize(Tables.all().size() + 1 + Tables.rollups().size());
        Migration v2 = legacy.get(1);
        assertThat(v2.schemaVersion()).isEqualTo(2);
        assertThat(v2.steps()).singleElement().isInstanceOfSatisfying(Step.AddColumn.class, s -> {
            assertThat(s.column()).isEqualTo("ttl_0");
            assertThat(s.sql()).isEqualTo("ALTER TABLE flow_log.l4_flow_log ADD COLUMN `ttl_0` UInt8 COMMENT 'Client IP TTL.' AFTER `flow_id`");
        });
        assertThat(cluster.get(1).steps()).extracting(Step::sql).containsExactly(
                "ALTER TABLE flow_log.l4_flow_log_local ON CLUSTER tapflow ADD COLUMN IF NOT EXISTS `ttl_0` UInt8 COMMENT 'Client IP TTL.' AFTER `flow_id`",
                "ALTER TABLE flow_log.l4_flow_log ON CLUSTER tapflow ADD COLUMN IF NOT EXISTS `ttl_0` UInt8 COMMENT 'Client IP TTL.' AFTER `flow_id`");
        assertThat(v2.checksum()).isNotEqualTo(legacy.get(0).checksum()).hasSize(16);
    }

    @Test
    void serverVersionPicksTheRendering() {
        assertThat(ServerVersion.parse("18.16.1").singleNodeTarget()).isEqualTo(RenderTarget.LEGACY);
        assertThat(ServerVersion.parse("21.3.20.1").singleNodeTarget()).isEqualTo(RenderTarget.LEGACY);
        assertThat(ServerVersion.parse("21.8.15.7").singleNodeTarget()).isEqualTo(RenderTarget.MODERN);
        assertThat(ServerVersion.parse("23.8.2.7\n").singleNodeTarget()).isEqualTo(RenderTarget.MODERN);
        assertThat(ServerVersion.parse("26.7.1").singleNodeTarget()).isEqualTo(RenderTarget.MODERN);
    }
}
