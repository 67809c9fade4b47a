package io.tapflow.schema.clickhouse;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The columns of a table-backed record, read from the schema itself: every field is a column of
 * the same name, typed by its {@code clickhouse.type} property, optionally compressed with
 * {@code clickhouse.codec}, commented with its doc. Because DDL and writers are derived from the
 * .avsc, the Kafka record and the ClickHouse table cannot drift apart.
 */
public final class ClickHouseColumns {

    /** Field property holding the column type (modern spelling). */
    public static final String TYPE_PROPERTY = "clickhouse.type";
    /** Field property holding the column codec (modern servers only). */
    public static final String CODEC_PROPERTY = "clickhouse.codec";
    /** Record property naming the record's primary table (documentation; tables are defined by the schema manager). */
    public static final String TABLE_PROPERTY = "clickhouse.table";

    private ClickHouseColumns() {
    }

    /** The columns of {@code record}, in field order. */
    public static List<ColumnSpec> of(Schema record) {
        List<ColumnSpec> columns = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            String type = f.getProp(TYPE_PROPERTY);
            if (type == null) {
                throw new IllegalArgumentException(record.getFullName() + "." + f.name() + " has no " + TYPE_PROPERTY + " property");
            }
            columns.add(new ColumnSpec(f.name(), ColumnType.parse(type), f.getProp(CODEC_PROPERTY), f.doc(), f.pos()));
        }
        return List.copyOf(columns);
    }
}
