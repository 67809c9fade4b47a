package io.tapflow.schema.clickhouse;

import java.util.Locale;

/**
 * A ClickHouse column type as written in a field's {@code clickhouse.type} property (the modern
 * spelling), parsed once. Knows its legacy spelling for servers without LowCardinality,
 * DateTime64 and the IP domains (ClickHouse 18.16): each legacy type is chosen so that RowBinary
 * bytes are identical in both renderings, and one writer serves every server.
 */
public final class ColumnType {

    /** How a value of this type is laid out in RowBinary. */
    public enum Wire {
        UINT8(1), UINT16(2), UINT32(4), UINT64(8), INT8(1), INT16(2), INT32(4), INT64(8),
        FLOAT64(8), STRING(-1), IPV6(16), ARRAY(-1);

        private final int width;

        Wire(int width) {
            this.width = width;
        }

        /** Fixed width in bytes; -1 = variable. */
        public int width() {
            return width;
        }
    }

    private final String modern;
    private final String legacy;
    private final Wire wire;
    private final ColumnType element;

    private ColumnType(String modern, String legacy, Wire wire, ColumnType element) {
        this.modern = modern;
        this.legacy = legacy;
        this.wire = wire;
        this.element = element;
    }

    /** Parses a type such as {@code UInt32}, {@code LowCardinality(String)}, {@code Array(UInt16)}, {@code DateTime64(6)}. */
    public static ColumnType parse(String type) {
        String t = type.trim();
        if (t.startsWith("LowCardinality(") && t.endsWith(")")) {
            ColumnType inner = parse(t.substring("LowCardinality(".length(), t.length() - 1));
            return new ColumnType(t, inner.legacy, inner.wire, inner.element);
        }
        if (t.startsWith("Array(") && t.endsWith(")")) {
            ColumnType inner = parse(t.substring("Array(".length(), t.length() - 1));
            return new ColumnType(t, "Array(" + inner.legacy + ")", Wire.ARRAY, inner);
        }
        if (t.startsWith("DateTime64(")) {
            // Int64 ticks; UInt64 on legacy servers (timestamps are never negative here)
            if (!t.matches("DateTime64\\(6(, *'[^']*')?\\)")) {
                throw new IllegalArgumentException("only DateTime64(6) (microseconds) is supported, got " + t);
            }
            return new ColumnType(t, "UInt64", Wire.INT64, null);
        }
        return switch (t) {
            case "UInt8" -> simple(t, Wire.UINT8);
            case "UInt16" -> simple(t, Wire.UINT16);
            case "UInt32" -> simple(t, Wire.UINT32);
            case "UInt64" -> simple(t, Wire.UINT64);
            case "Int8" -> simple(t, Wire.INT8);
            case "Int16" -> simple(t, Wire.INT16);
            case "Int32" -> simple(t, Wire.INT32);
            case "Int64" -> simple(t, Wire.INT64);
            case "Float64" -> simple(t, Wire.FLOAT64);
            case "String" -> simple(t, Wire.STRING);
            case "DateTime" -> simple(t, Wire.UINT32);
            case "IPv4" -> new ColumnType(t, "UInt32", Wire.UINT32, null);
            case "IPv6" -> new ColumnType(t, "FixedString(16)", Wire.IPV6, null);
            default -> throw new IllegalArgumentException("unsupported ClickHouse column type '" + type + "'");
        };
    }

    private static ColumnType simple(String t, Wire wire) {
        return new ColumnType(t, t, wire, null);
    }

    /** The type on a modern server (ClickHouse 21.8 and later), as written in the schema. */
    public String modern() {
        return modern;
    }

    /** The type on a legacy server (18.16): no LowCardinality, DateTime64 as UInt64 µs, IPv4 as UInt32, IPv6 as FixedString(16). */
    public String legacy() {
        return legacy;
    }

    public Wire wire() {
        return wire;
    }

    /** Element type of an Array; null otherwise. */
    public ColumnType element() {
        return element;
    }

    /** True for DateTime and DateTime64 (used to pick partition and TTL keys). */
    public boolean isTime() {
        return modern.startsWith("DateTime");
    }

    @Override
    public String toString() {
        return modern.toLowerCase(Locale.ROOT).equals(legacy.toLowerCase(Locale.ROOT)) ? modern : modern + " (legacy " + legacy + ")";
    }
}
