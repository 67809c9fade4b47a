package io.tapflow.schema.compat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Decides whether a candidate schema may replace the released versions of a topic schema.
 *
 * <p>Both directions are required against every released version (Avro's FULL_TRANSITIVE):
 * BACKWARD — a consumer on the candidate reads data written with any released version (old data
 * in Kafka, replays); FORWARD — a consumer still on a released version reads data written with the
 * candidate (third parties upgrade later than we do).
 */
public final class CompatibilityGate {

    private CompatibilityGate() {
    }

    /** One failed direction against one released version. */
    public record Problem(int releasedVersion, String direction, String detail) {
        @Override
        public String toString() {
            return direction + " incompatible with released v" + releasedVersion + ": " + detail;
        }
    }

    /**
     * Every incompatibility of {@code candidate} with {@code released} (v1 first). Empty = the
     * candidate can be released.
     */
    public static List<Problem> check(Schema candidate, List<Schema> released) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < released.size(); i++) {
            Schema old = released.get(i);
            int version = i + 1;
            describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), version,
                    "BACKWARD (new reader, old data)", problems);
            describe(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), version,
                    "FORWARD (old reader, new data)", problems);
        }
        return problems;
    }

    private static void describe(SchemaPairCompatibility result, int version, String direction, List<Problem> out) {
        for (Incompatibility inc : result.getResult().getIncompatibilities()) {
            out.add(new Problem(version, direction,
                    inc.getType() + " at " + inc.getLocation() + ": " + inc.getMessage()));
        }
    }
}
