package io.tapflow.tools.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.codec.SchemaCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * sql/generated/*.sql are the DDL scripts for readers and for tools that cannot run Java (the
 * Kubernetes deployment applies cluster.sql). They must equal what the schema manager renders;
 * regenerate with `./tapflow schema print --target X > sql/generated/X.sql`.
 */
class GeneratedSqlIsCurrentTest {

    @ParameterizedTest
    @EnumSource(RenderTarget.class)
    void committedScriptMatchesTheRendering(RenderTarget target) throws Exception {
        Path file = Path.of("..", "sql", "generated", target.name().toLowerCase() + ".sql");
        String expected = new MigrationPlan(SchemaCatalog.fromClasspath(), new DdlRenderer(RenderOptions.of(target))).script();
        assertThat(Files.exists(file)).as("%s exists", file).isTrue();
        assertThat(Files.readString(file)).as("%s is stale: regenerate it", file).isEqualTo(expected);
    }
}
