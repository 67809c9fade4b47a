package io.tapflow.schema.json;

import io.tapflow.schema.clickhouse.ClickHouseColumns;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * One JSON object per record, for {@code tapflow replay --out flows.jsonl} and anything else that
 * prints records for people: the field names are the schema's (= the ClickHouse columns), in
 * schema order, so the same records always give the same bytes.
 *
 * <p>Values: numbers as numbers (timestamps as microseconds since the epoch, like the Avro
 * long); columns typed {@code IPv4}/{@code IPv6} as address text ({@code "10.0.0.1"},
 * {@code "2001:db8::1"}, and {@code "::"} for an empty IPv6 field, as ClickHouse prints them);
 * other bytes as lower-case hex; arrays and maps as JSON arrays and objects.
 */
public final class RecordJson {

    private RecordJson() {
    }

    /** {@code {"log_type":"<logType>", <fields...>}}, no trailing newline. */
    public static String line(String logType, IndexedRecord record) {
        StringBuilder sb = new StringBuilder(2048);
        sb.append("{\"log_type\":");
        string(logType, sb);
        fields(record, true, sb);
        return sb.append('}').toString();
    }

    private static void fields(IndexedRecord record, boolean afterOther, StringBuilder sb) {
        boolean comma = afterOther;
        for (Schema.Field f : record.getSchema().getFields()) {
            sb.append(comma ? ",\"" : "\"").append(f.name()).append("\":");
            value(f.getProp(ClickHouseColumns.TYPE_PROPERTY), record.get(f.pos()), sb);
            comma = true;
        }
    }

    private static void value(String clickhouseType, Object v, StringBuilder sb) {
        if (v == null) {
            sb.append("null");
        } else if ("IPv4".equals(clickhouseType) && v instanceof Number n) {
            string(IpText.ipv4(n.longValue()), sb);
        } else if ("IPv6".equals(clickhouseType) && v instanceof ByteBuffer b) {
            string(IpText.ipv6(b), sb);
        } else if (v instanceof Instant i) {
            sb.append(Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000L));
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof ByteBuffer b) {
            ByteBuffer d = b.duplicate();
            sb.append('"');
            while (d.hasRemaining()) {
                int x = d.get() & 0xFF;
                sb.append(Character.forDigit(x >> 4, 16)).append(Character.forDigit(x & 0xF, 16));
            }
            sb.append('"');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object item : c) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                value(null, item, sb);
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : new java.util.TreeMap<>(stringKeys(m)).entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(e.getKey().toString(), sb);
                sb.append(':');
                value(null, e.getValue(), sb);
            }
            sb.append('}');
        } else if (v instanceof IndexedRecord r) {
            sb.append('{');
            fields(r, false, sb);
            sb.append('}');
        } else {
            string(v.toString(), sb); // strings, enum symbols
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new java.util.HashMap<>();
        m.forEach((k, val) -> out.put(k.toString(), val));
        return out;
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
