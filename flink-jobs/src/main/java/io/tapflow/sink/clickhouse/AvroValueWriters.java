package io.tapflow.sink.clickhouse;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;

/**
 * Chooses, once per field, how an Avro value is written for the column type the server reports.
 * The same record must land in a modern table (DateTime64, IPv4, IPv6, LowCardinality) and in the
 * ClickHouse 18.16 fallback the schema manager renders (UInt64 microseconds, UInt32,
 * FixedString(16), String), so the column decides the rendering, not the Avro type alone.
 */
final class AvroValueWriters {
    private AvroValueWriters() {}

    /** Writes one non-null value. */
    interface ValueWriter {
        void write(Object value, JsonRowWriter out);
    }

    /** The Avro type of a field once a ["null", T] union is unwrapped. */
    static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) {
            return s;
        }
        List<Schema> branches = s.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
        if (branches.size() != 1) {
            throw new IllegalArgumentException("only [\"null\", T] unions are supported, not " + s);
        }
        return branches.get(0);
    }

    static ValueWriter create(String field, Schema fieldSchema, ColumnType col) {
        Schema s = nonNull(fieldSchema);
        LogicalType logical = s.getLogicalType();
        ValueWriter w = switch (s.getType()) {
            case LONG -> logical instanceof LogicalTypes.TimestampMicros ? timestamp(col, false)
                    : logical instanceof LogicalTypes.TimestampMillis ? timestamp(col, true)
                    : integer(col, true);
            case INT -> logical instanceof LogicalTypes.Date ? date(col) : integer(col, false);
            case BOOLEAN -> col.isNumeric() ? (v, out) -> out.longValue((Boolean) v ? 1 : 0)
                    : col.isString() ? (v, out) -> out.stringValue(v.toString()) : null;
            case FLOAT, DOUBLE -> col.isNumeric() ? (v, out) -> out.doubleValue(((Number) v).doubleValue()) : null;
            case STRING, ENUM -> takesText(col) ? (v, out) -> out.stringValue(v.toString()) : null;
            case BYTES, FIXED -> bytes(col);
            case ARRAY -> col.is("Array") ? array(field, s.getElementType(), col.element()) : null;
            case MAP -> col.is("Map") && col.args().size() == 2
                    ? map(field, s.getValueType(), ColumnType.parse(col.args().get(1))) : null;
            default -> null;
        };
        if (w == null) {
            throw new IllegalArgumentException("field '" + field + "' (Avro " + describe(s)
                    + ") cannot be written to column '" + field + "' of type " + col.text());
        }
        return w;
    }

    private static String describe(Schema s) {
        return s.getLogicalType() == null ? s.getType().getName()
                : s.getType().getName() + " " + s.getLogicalType().getName();
    }

    /** Columns the server parses from text. */
    private static boolean takesText(ColumnType col) {
        return col.isString() || col.isEnum() || col.is("IPv4") || col.is("IPv6") || col.is("UUID")
                || col.is("Date") || col.is("DateTime") || col.is("DateTime64");
    }

    /** Avro long/int without a logical type. */
    private static ValueWriter integer(ColumnType col, boolean isLong) {
        if (col.is("IPv4")) {
            return (v, out) -> out.ipv4Value(((Number) v).longValue() & 0xFFFFFFFFL);
        }
        if (col.is("DateTime")) {
            return (v, out) -> out.longValue(((Number) v).longValue()); // seconds since the epoch
        }
        if (col.is("UInt64") && isLong) {
            return (v, out) -> out.unsignedLongValue((Long) v);
        }
        if (col.is("UInt32") && !isLong) {
            return (v, out) -> out.longValue(((Integer) v) & 0xFFFFFFFFL);
        }
        if (col.isNumeric()) {
            return (v, out) -> out.longValue(((Number) v).longValue());
        }
        if (col.isString()) {
            return (v, out) -> out.stringValue(v.toString());
        }
        return null;
    }

    /** Avro timestamp-micros / timestamp-millis: an Instant (specific records) or a long (generic). */
    private static ValueWriter timestamp(ColumnType col, boolean millis) {
        if (col.is("DateTime64")) {
            int precision = col.precision();
            return (v, out) -> out.epochMicrosAsDecimalSeconds(micros(v, millis), precision);
        }
        if (col.is("DateTime")) {
            return (v, out) -> out.longValue(Math.floorDiv(micros(v, millis), 1_000_000L));
        }
        if (col.is("UInt64") || col.is("Int64")) {
            return (v, out) -> out.longValue(micros(v, millis)); // the fallback for DateTime64(6)
        }
        if (col.is("Date")) {
            return (v, out) -> out.stringValue(
                    LocalDate.ofEpochDay(Math.floorDiv(micros(v, millis), 86_400_000_000L)).toString());
        }
        if (col.isString()) {
            return (v, out) -> out.stringValue(instant(micros(v, millis)).toString());
        }
        return null;
    }

    private static long micros(Object v, boolean millis) {
        if (v instanceof Instant i) {
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000);
        }
        long n = (Long) v;
        return millis ? Math.multiplyExact(n, 1_000L) : n;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** Avro date (days since the epoch): 18.16 reads Date only from quoted text. */
    private static ValueWriter date(ColumnType col) {
        if (col.is("Date") || col.isString()) {
            return (v, out) -> out.stringValue(
                    (v instanceof LocalDate d ? d : LocalDate.ofEpochDay((Integer) v)).toString());
        }
        if (col.isNumeric()) {
            return (v, out) -> out.longValue(v instanceof LocalDate d ? d.toEpochDay() : (Integer) v);
        }
        return null;
    }

    private static ValueWriter bytes(ColumnType col) {
        if (col.is("IPv6")) {
            return (v, out) -> out.ipv6Value(buffer(v));
        }
        if (col.is("IPv4")) {
            return (v, out) -> {
                ByteBuffer b = buffer(v);
                out.ipv4Value(b.remaining() == 4 ? b.getInt(b.position()) & 0xFFFFFFFFL : 0);
            };
        }
        if (col.isString()) {
            return (v, out) -> out.bytesValue(buffer(v));
        }
        return null;
    }

    private static ByteBuffer buffer(Object v) {
        return v instanceof ByteBuffer b ? b : ByteBuffer.wrap(((GenericFixed) v).bytes());
    }

    private static ValueWriter array(String field, Schema items, ColumnType elementCol) {
        ValueWriter element = create(field + "[]", items, elementCol);
        boolean nullable = elementCol.nullable();
        return (v, out) -> {
            out.beginArray();
            for (Object e : (List<?>) v) {
                if (e != null) {
                    element.write(e, out);
                } else if (nullable) {
                    out.nullValue();
                } else {
                    throw new IllegalArgumentException("null element in '" + field + "' for non-Nullable " + elementCol);
                }
            }
            out.endArray();
        };
    }

    private static ValueWriter map(String field, Schema values, ColumnType valueCol) {
        ValueWriter value = create(field + "{}", values, valueCol);
        return (v, out) -> {
            out.beginObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                out.key(e.getKey().toString());
                if (e.getValue() == null) {
                    out.nullValue();
                } else {
                    value.write(e.getValue(), out);
                }
            }
            out.endObject();
        };
    }
}
