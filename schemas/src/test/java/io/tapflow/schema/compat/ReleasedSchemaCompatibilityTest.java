package io.tapflow.schema.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.codec.PublishedSchema;
import io.tapflow.schema.codec.SchemaCatalog;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gate every schema edit must pass: the working copy of each published .avsc is BACKWARD and
 * FORWARD compatible with every released version under schemas/src/released. A failure here means
 * the edit would break existing producers or consumers; see docs/schemas.md, "Changing a schema".
 */
class ReleasedSchemaCompatibilityTest {

    private static final SchemaCatalog SOURCE = SchemaCatalog.fromDirectories(Path.of("src/main/avro"), Path.of("src/released"));

    @ParameterizedTest
    @EnumSource(PublishedSchema.class)
    void currentSchemaIsCompatibleWithEveryReleasedVersion(PublishedSchema schema) {
        assertThat(SOURCE.released(schema))
                .as("%s has no released version: copy src/main/avro/%s.avsc to src/released/%s/v1.avsc",
                        schema, schema.fileName(), schema.fileName())
                .isNotEmpty();
        assertThat(CompatibilityGate.check(SOURCE.current(schema), SOURCE.released(schema)))
                .as("%s.avsc breaks compatibility with its released versions", schema.fileName())
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(PublishedSchema.class)
    void recordNameNeverChanges(PublishedSchema schema) {
        assertThat(SOURCE.current(schema).getFullName()).isEqualTo(schema.recordName());
        SOURCE.released(schema).forEach(r -> assertThat(r.getFullName()).isEqualTo(schema.recordName()));
    }
}
