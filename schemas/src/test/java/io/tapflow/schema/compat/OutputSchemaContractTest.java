package io.tapflow.schema.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.codec.PublishedSchema;
import io.tapflow.schema.codec.SchemaCatalog;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * House rules for the schemas tapflow writes (all but the agent's PacketBatch): every field is
 * documented and has a default (so it can later be removed compatibly), names are ClickHouse-safe
 * snake case, table-backed records give every column a ClickHouse type, and _0/_1 columns come in
 * pairs.
 */
class OutputSchemaContractTest {

    private static final SchemaCatalog SOURCE = SchemaCatalog.fromDirectories(Path.of("src/main/avro"), Path.of("src/released"));
    private static final Set<PublishedSchema> WRITTEN_BY_TAPFLOW = EnumSet.complementOf(EnumSet.of(PublishedSchema.PACKET_BATCH));

    @ParameterizedTest
    @EnumSource(PublishedSchema.class)
    void everyFieldIsDocumented(PublishedSchema schema) {
        Schema s = SOURCE.current(schema);
        assertThat(s.getDoc()).as("record doc of %s", schema).isNotBlank();
        for (Schema.Field f : s.getFields()) {
            // a field of a named type (enum, record) may be documented by that type's own doc
            String doc = f.doc() != null ? f.doc() : (isNamed(f.schema()) ? f.schema().getDoc() : null);
            assertThat(doc).as("doc of %s.%s", schema.fileName(), f.name()).isNotBlank();
        }
    }

    private static boolean isNamed(Schema s) {
        return s.getType() == Schema.Type.ENUM || s.getType() == Schema.Type.RECORD || s.getType() == Schema.Type.FIXED;
    }

    @ParameterizedTest
    @EnumSource(PublishedSchema.class)
    void outputFieldsHaveDefaultsAndSnakeCaseNames(PublishedSchema schema) {
        if (!WRITTEN_BY_TAPFLOW.contains(schema)) {
            return;
        }
        for (Schema.Field f : SOURCE.current(schema).getFields()) {
            assertThat(f.hasDefaultValue()).as("default of %s.%s", schema.fileName(), f.name()).isTrue();
            assertThat(f.name()).matches("[a-z][a-z0-9_]*");
        }
    }

    @ParameterizedTest
    @EnumSource(PublishedSchema.class)
    void tableBackedRecordsTypeEveryColumn(PublishedSchema schema) {
        Schema s = SOURCE.current(schema);
        if (s.getProp("clickhouse.table") == null) {
            return;
        }
        for (Schema.Field f : s.getFields()) {
            assertThat(f.getProp("clickhouse.type")).as("clickhouse.type of %s.%s", schema.fileName(), f.name()).isNotBlank();
        }
    }

    @ParameterizedTest
    @EnumSource(PublishedSchema.class)
    void clientAndServerColumnsComeInPairs(PublishedSchema schema) {
        Set<String> names = SOURCE.current(schema).getFields().stream().map(Schema.Field::name).collect(Collectors.toSet());
        for (String n : names) {
            if (n.endsWith("_0")) {
                assertThat(names).as("partner of %s in %s", n, schema.fileName()).contains(n.substring(0, n.length() - 2) + "_1");
            }
            if (n.endsWith("_1")) {
                assertThat(names).as("partner of %s in %s", n, schema.fileName()).contains(n.substring(0, n.length() - 2) + "_0");
            }
        }
    }
}
