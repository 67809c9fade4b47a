package io.tapflow.schema.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Proves the gate rejects the edits that break consumers, and lets the safe ones through. */
class CompatibilityGateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void removingAFieldWithoutDefaultIsForwardIncompatible() throws Exception {
        Schema released = parse(read("packet_batch"));
        Schema edited = parse(edit(read("packet_batch"), fields -> removeField(fields, "agent_id")));

        List<CompatibilityGate.Problem> problems = CompatibilityGate.check(edited, List.of(released));

        assertThat(problems).isNotEmpty();
        assertThat(problems).allSatisfy(p -> assertThat(p.direction()).startsWith("FORWARD"));
        assertThat(problems.get(0).toString()).contains("agent_id").contains("v1");
    }

    @Test
    void addingAFieldWithoutDefaultIsBackwardIncompatible() throws Exception {
        Schema released = parse(read("l4_flow_log"));
        Schema edited = parse(edit(read("l4_flow_log"), fields -> fields.addObject().put("name", "new_counter").put("type", "long")));

        List<CompatibilityGate.Problem> problems = CompatibilityGate.check(edited, List.of(released));

        assertThat(problems).extracting(CompatibilityGate.Problem::direction).anySatisfy(d -> assertThat(d).startsWith("BACKWARD"));
        assertThat(problems.toString()).contains("new_counter");
    }

    @Test
    void narrowingATypeIsIncompatible() throws Exception {
        Schema released = parse(read("l4_flow_log"));
        Schema edited = parse(edit(read("l4_flow_log"), fields -> field(fields, "byte_tx").put("type", "int")));

        assertThat(CompatibilityGate.check(edited, List.of(released)))
                .extracting(CompatibilityGate.Problem::direction)
                .anySatisfy(d -> assertThat(d).startsWith("BACKWARD"));
    }

    @Test
    void changingAFieldTypeIsCaughtAgainstEveryReleasedVersion() throws Exception {
        Schema v1 = parse(read("resource"));
        Schema edited = parse(edit(read("resource"), fields -> field(fields, "id").put("type", "string").put("default", "")));

        List<CompatibilityGate.Problem> problems = CompatibilityGate.check(edited, List.of(v1, v1));

        assertThat(problems).extracting(CompatibilityGate.Problem::releasedVersion).contains(1, 2);
        assertThat(problems).extracting(CompatibilityGate.Problem::direction)
                .anySatisfy(d -> assertThat(d).startsWith("BACKWARD"))
                .anySatisfy(d -> assertThat(d).startsWith("FORWARD"));
    }

    @Test
    void addingAnEnumSymbolIsSafeBecauseEnumsCarryADefault() throws Exception {
        // ResourceKind has "default": "UNKNOWN": an old reader maps a symbol it does not know to it.
        Schema v1 = parse(read("resource"));
        Schema edited = parse(read("resource").replace("\"CUSTOM_GROUP\"]", "\"CUSTOM_GROUP\", \"NAT_GATEWAY\"]"));

        assertThat(CompatibilityGate.check(edited, List.of(v1))).isEmpty();
    }

    @Test
    void addingOrRemovingAFieldWithDefaultIsCompatible() throws Exception {
        Schema released = parse(read("l4_flow_log"));
        Schema added = parse(edit(read("l4_flow_log"), fields -> fields.addObject().put("name", "new_counter").put("type", "long").put("default", 0)));
        Schema removed = parse(edit(read("l4_flow_log"), fields -> removeField(fields, "province_0")));

        assertThat(CompatibilityGate.check(added, List.of(released))).isEmpty();
        assertThat(CompatibilityGate.check(removed, List.of(released))).isEmpty();
    }

    private static String read(String file) throws Exception {
        return Files.readString(Path.of("src/main/avro", file + ".avsc"));
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    private static String edit(String schemaJson, Consumer<ArrayNode> fieldsEdit) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(schemaJson);
        fieldsEdit.accept((ArrayNode) root.get("fields"));
        return JSON.writeValueAsString(root);
    }

    private static ObjectNode field(ArrayNode fields, String name) {
        for (JsonNode f : fields) {
            if (f.get("name").asText().equals(name)) {
                return (ObjectNode) f;
            }
        }
        throw new AssertionError("no field " + name);
    }

    private static void removeField(ArrayNode fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).get("name").asText().equals(name)) {
                fields.remove(i);
                return;
            }
        }
        throw new AssertionError("no field " + name);
    }
}
