package io.tapflow.schema.clickhouse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Writes Avro records (generated or generic) as ClickHouse RowBinary rows, for an
 * {@code INSERT INTO t (columns...) FORMAT RowBinary} whose column list is {@link #columnList()}.
 * The bytes are the same for the modern and the legacy rendering of the table (see
 * {@link ColumnType}), so one writer serves ClickHouse 18.16 and current servers.
 *
 * <p>Value mapping: Avro int/long → the column's integer width (little-endian); timestamp-micros
 * ({@code Instant} in generated classes, {@code Long} in generic ones) → Int64 microseconds;
 * {@code time} long seconds → DateTime UInt32; IPv4 long → UInt32; IPv6 bytes → 16 bytes (empty = ::);
 * strings → varint length + UTF-8; arrays → varint count + elements. Not thread-safe.
 */
public final class RowBinaryWriter {

    private final List<ColumnSpec> columns;
    private final String columnList;
    private final byte[] scratch = new byte[8];

    public RowBinaryWriter(Schema record) {
        this.columns = ClickHouseColumns.of(record);
        StringBuilder sb = new StringBuilder();
        for (ColumnSpec c : columns) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append('`').append(c.name()).append('`');
        }
        this.columnList = sb.toString();
    }

    /** Column names in write order, back-quoted and comma-separated, for the INSERT statement. */
    public String columnList() {
        return columnList;
    }

    public List<ColumnSpec> columns() {
        return columns;
    }

    /** Appends one row for {@code record} to {@code out}. */
    public void write(IndexedRecord record, ByteArrayOutputStream out) {
        for (ColumnSpec c : columns) {
            writeValue(c.type(), record.get(c.fieldPosition()), c.name(), out);
        }
    }

    private void writeValue(ColumnType type, Object v, String column, ByteArrayOutputStream out) {
        switch (type.wire()) {
            case UINT8, INT8 -> out.write((int) number(v, column));
            case UINT16, INT16 -> writeLittleEndian(number(v, column), 2, out);
            case UINT32, INT32 -> writeLittleEndian(number(v, column), 4, out);
            case UINT64, INT64 -> writeLittleEndian(number(v, column), 8, out);
            case FLOAT64 -> writeLittleEndian(Double.doubleToRawLongBits(((Number) v).doubleValue()), 8, out);
            case STRING -> writeString(v, out);
            case IPV6 -> writeIpv6(v, column, out);
            case ARRAY -> {
                Collection<?> items = v == null ? List.of() : (Collection<?>) v;
                writeVarint(items.size(), out);
                for (Object item : items) {
                    writeValue(type.element(), item, column, out);
                }
            }
            default -> throw new IllegalStateException("unhandled wire type " + type.wire());
        }
    }

    private static long number(Object v, String column) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Instant i) {
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000L);
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw new IllegalArgumentException("column " + column + ": expected a number, got " + (v == null ? "null" : v.getClass().getName()));
    }

    private void writeLittleEndian(long value, int bytes, ByteArrayOutputStream out) {
        for (int i = 0; i < bytes; i++) {
            scratch[i] = (byte) (value >>> (8 * i));
        }
        out.write(scratch, 0, bytes);
    }

    private static void writeString(Object v, ByteArrayOutputStream out) {
        if (v instanceof ByteBuffer bb) {
            ByteBuffer d = bb.duplicate();
            writeVarint(d.remaining(), out);
            while (d.hasRemaining()) {
                out.write(d.get());
            }
            return;
        }
        byte[] b = v == null ? new byte[0] : v.toString().getBytes(StandardCharsets.UTF_8);
        writeVarint(b.length, out);
        out.write(b, 0, b.length);
    }

    private static void writeIpv6(Object v, String column, ByteArrayOutputStream out) {
        ByteBuffer bb = v == null ? ByteBuffer.allocate(0) : ((ByteBuffer) v).duplicate();
        int n = bb.remaining();
        if (n == 0) {
            out.write(new byte[16], 0, 16);
            return;
        }
        if (n != 16) {
            throw new IllegalArgumentException("column " + column + ": an IPv6 address has 16 bytes, got " + n);
        }
        while (bb.hasRemaining()) {
            out.write(bb.get());
        }
    }

    private static void writeVarint(long value, ByteArrayOutputStream out) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
