package io.tapflow.tools.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A versioned, named change to the ClickHouse schema, e.g. {@code flow_log.l4_flow_log@v1}
 * (create the table as released schema v1 describes it) or {@code flow_log.l4_flow_log@v2} (add
 * the columns v2 added). Identified by id, so migrations of different tables are independent.
 *
 * @param id            unique, stable identifier recorded in tapflow_meta.schema_migrations
 * @param schemaVersion released schema version the migration brings the table to
 * @param description   one line for humans
 * @param steps         statements in order
 */
public record Migration(String id, int schemaVersion, String description, List<Step> steps) {

    /** SHA-256 of the statements: a changed checksum for an applied id means someone edited history. */
    public String checksum() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Step s : steps) {
                md.update(s.sql().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
