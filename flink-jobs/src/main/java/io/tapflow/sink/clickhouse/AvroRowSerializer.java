package io.tapflow.sink.clickhouse;

import io.tapflow.sink.clickhouse.AvroValueWriters.ValueWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes Avro records (tapflow's generated classes such as {@code L4FlowLog}, or generic records)
 * as rows whose column names are the Avro field names. How each value is rendered follows the
 * column's type on the server (see {@link AvroValueWriters}): a timestamp-micros field goes into a
 * {@code DateTime64(6)} column as decimal seconds and into an 18.16 {@code UInt64} fallback as
 * microseconds; a 16-byte {@code bytes} address into {@code IPv6} as text and into
 * {@code FixedString(16)} as the raw bytes.
 *
 * <p>{@link #open} fails when a field has no column or a value cannot be written to its column, so
 * a schema change that the table has not caught up with stops the job at start, with the field
 * named, instead of losing the field. Columns without a field get their defaults. A null goes into
 * a {@code Nullable} column as NULL and is left out (the column default) otherwise.
 */
public final class AvroRowSerializer<T extends IndexedRecord> implements ClickHouseRowSerializer<T> {
    private static final long serialVersionUID = 1L;

    /** The schema as JSON: {@link Schema} itself is not reliably serializable across Avro versions. */
    private final String schemaJson;
    private transient List<FieldWriter> fields;

    private record FieldWriter(int pos, JsonRowWriter.Key key, ValueWriter writer, boolean nullable) {}

    private AvroRowSerializer(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("not a record schema: " + schema.getFullName());
        }
        this.schemaJson = schema.toString();
    }

    /** For a generated class, e.g. {@code AvroRowSerializer.forClass(L4FlowLog.class)}. */
    public static <T extends SpecificRecord> AvroRowSerializer<T> forClass(Class<T> type) {
        return new AvroRowSerializer<>(SpecificData.get().getSchema(type));
    }

    /** For generic records of the given schema. */
    public static AvroRowSerializer<GenericRecord> forSchema(Schema schema) {
        return new AvroRowSerializer<>(schema);
    }

    @Override
    public void open(TableColumns table) {
        Schema schema = new Schema.Parser().parse(schemaJson);
        List<FieldWriter> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            TableColumns.Column col = table.column(f.name()).orElse(null);
            if (col == null) {
                problems.add("field '" + f.name() + "' has no column in " + table.qualifiedName());
                continue;
            }
            if (!col.insertable()) {
                problems.add("column '" + f.name() + "' is " + col.defaultKind() + " and cannot be inserted");
                continue;
            }
            try {
                out.add(new FieldWriter(f.pos(), JsonRowWriter.Key.of(f.name()),
                        AvroValueWriters.create(f.name(), f.schema(), col.type()), col.type().nullable()));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Avro record " + schema.getFullName() + " does not fit "
                    + table.qualifiedName() + ": " + String.join("; ", problems));
        }
        fields = List.copyOf(out);
    }

    @Override
    public void serialize(T record, JsonRowWriter row) {
        if (fields == null) {
            throw new IllegalStateException("open() was not called");
        }
        for (int i = 0, n = fields.size(); i < n; i++) {
            FieldWriter f = fields.get(i);
            Object v = record.get(f.pos);
            if (v != null) {
                f.writer.write(v, row.key(f.key));
            } else if (f.nullable) {
                row.key(f.key).nullValue();
            }
        }
    }
}
