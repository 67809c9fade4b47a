package io.tapflow.sink.elasticsearch;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * How the fields of a tapflow Avro log record become Elasticsearch fields, derived once from the
 * schema so the index template and the documents cannot drift apart:
 * <ul>
 *   <li>{@code ip4_N}/{@code ip6_N} pairs (also {@code tunnel_tx_ip4_N} ...) become one {@code ip}
 *       field {@code ip_N} holding the address as text, chosen by {@code is_ipv4} (or
 *       {@code tunnel_is_ipv4}); an IPv6 value that is not 16 bytes is left out;</li>
 *   <li>{@code timestamp-micros} fields become {@code date_nanos} written as ISO-8601 text with
 *       microseconds (a {@code date} would cut them to milliseconds);</li>
 *   <li>{@code time} (whole seconds) becomes a {@code date} in {@code epoch_second};</li>
 *   <li>strings become {@code keyword}, ints {@code integer}, longs {@code long}, booleans
 *       {@code boolean}, arrays of ints {@code integer} (multi-valued).</li>
 * </ul>
 */
final class AvroDocumentLayout {
    /** Longer strings are kept in _source but not indexed, instead of rejecting the document (Lucene's term limit is 32 766 bytes). */
    static final int KEYWORD_IGNORE_ABOVE = 8191;

    private enum Kind { SECONDS, MICROS, STRING, INT, LONG, BOOLEAN, INT_ARRAY, IP }

    private record Field(String name, Kind kind, int pos, int ip6Pos, int flagPos) {}

    private final List<Field> fields = new ArrayList<>();

    AvroDocumentLayout(Schema schema) {
        for (Schema.Field f : schema.getFields()) {
            String name = f.name();
            Schema type = nonNull(f.schema());
            int ip4 = name.indexOf("ip4_");
            if (ip4 >= 0) {
                String prefix = name.substring(0, ip4);
                String suffix = name.substring(ip4 + 4);
                Schema.Field ip6 = schema.getField(prefix + "ip6_" + suffix);
                Schema.Field flag = schema.getField((prefix.startsWith("tunnel_") ? "tunnel_" : "") + "is_ipv4");
                if (ip6 != null && flag != null) {
                    fields.add(new Field(prefix + "ip_" + suffix, Kind.IP, f.pos(), ip6.pos(), flag.pos()));
                    continue;
                }
            }
            if (name.contains("ip6_") && schema.getField(name.replace("ip6_", "ip4_")) != null) {
                continue; // merged into the ip field above
            }
            Kind kind = kindOf(name, type);
            if (kind != null) {
                fields.add(new Field(name, kind, f.pos(), -1, -1));
            }
        }
    }

    private static Schema nonNull(Schema s) {
        if (s.getType() == Schema.Type.UNION) {
            for (Schema t : s.getTypes()) {
                if (t.getType() != Schema.Type.NULL) {
                    return t;
                }
            }
        }
        return s;
    }

    private static Kind kindOf(String name, Schema type) {
        LogicalType logical = type.getLogicalType();
        if (logical != null && logical.getName().equals("timestamp-micros")) {
            return Kind.MICROS;
        }
        return switch (type.getType()) {
            case LONG -> name.equals("time") ? Kind.SECONDS : Kind.LONG;
            case INT -> Kind.INT;
            case STRING, ENUM -> Kind.STRING;
            case BOOLEAN -> Kind.BOOLEAN;
            case ARRAY -> nonNull(type.getElementType()).getType() == Schema.Type.INT ? Kind.INT_ARRAY : null;
            default -> null; // raw bytes and nested records have no place in a searchable log
        };
    }

    /** The {@code mappings} object of the index template: every field typed, nothing dynamic. */
    ObjectNode mappings(ObjectMapper json) {
        ObjectNode mappings = json.createObjectNode();
        mappings.put("dynamic", "strict");
        ObjectNode properties = mappings.putObject("properties");
        for (Field f : fields) {
            ObjectNode p = properties.putObject(f.name());
            switch (f.kind()) {
                case SECONDS -> p.put("type", "date").put("format", "epoch_second");
                case MICROS -> p.put("type", "date_nanos").put("format", "strict_date_optional_time_nanos||epoch_millis");
                case STRING -> p.put("type", "keyword").put("ignore_above", KEYWORD_IGNORE_ABOVE);
                case INT, INT_ARRAY -> p.put("type", "integer");
                case LONG -> p.put("type", "long");
                case BOOLEAN -> p.put("type", "boolean");
                case IP -> p.put("type", "ip");
            }
        }
        return mappings;
    }

    void write(SpecificRecord record, JsonGenerator out) throws IOException {
        out.writeStartObject();
        for (Field f : fields) {
            Object v = record.get(f.pos());
            switch (f.kind()) {
                case IP -> {
                    String address = address(record, f);
                    if (address != null) {
                        out.writeStringField(f.name(), address);
                    }
                }
                case MICROS -> {
                    if (v != null) {
                        out.writeStringField(f.name(), isoMicros((Instant) v));
                    }
                }
                case INT_ARRAY -> {
                    if (v != null) {
                        out.writeArrayFieldStart(f.name());
                        for (Object o : (List<?>) v) {
                            out.writeNumber(((Number) o).intValue());
                        }
                        out.writeEndArray();
                    }
                }
                case STRING -> {
                    if (v != null) {
                        out.writeStringField(f.name(), v.toString());
                    }
                }
                case SECONDS, LONG -> {
                    if (v != null) {
                        out.writeNumberField(f.name(), ((Number) v).longValue());
                    }
                }
                case INT -> {
                    if (v != null) {
                        out.writeNumberField(f.name(), ((Number) v).intValue());
                    }
                }
                case BOOLEAN -> {
                    if (v != null) {
                        out.writeBooleanField(f.name(), (Boolean) v);
                    }
                }
            }
        }
        out.writeEndObject();
    }

    private static String address(SpecificRecord record, Field f) {
        Object flag = record.get(f.flagPos());
        if (flag instanceof Number n && n.intValue() != 0) {
            Object v = record.get(f.pos());
            return v == null ? null : ipv4(((Number) v).longValue());
        }
        Object v = record.get(f.ip6Pos());
        if (!(v instanceof ByteBuffer b) || b.remaining() != 16) {
            return null;
        }
        return ipv6(b);
    }

    /** RFC 5952 text: lower-case hex, no leading zeros, the longest run of two or more zero groups as "::". */
    static String ipv6(ByteBuffer b) {
        int[] g = new int[8];
        int p = b.position();
        for (int i = 0; i < 8; i++) {
            g[i] = ((b.get(p + 2 * i) & 0xff) << 8) | (b.get(p + 2 * i + 1) & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    static String ipv4(long v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    /** ISO-8601 UTC with exactly six fraction digits, which every supported server parses as date_nanos. */
    static String isoMicros(Instant t) {
        long micros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
        return isoMicros(micros);
    }

    static String isoMicros(long epochMicros) {
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        int fraction = (int) Math.floorMod(epochMicros, 1_000_000L);
        String base = java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                java.time.LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC));
        StringBuilder sb = new StringBuilder(base.length() + 8).append(base).append('.');
        String digits = Integer.toString(fraction);
        for (int i = digits.length(); i < 6; i++) {
            sb.append('0');
        }
        return sb.append(digits).append('Z').toString();
    }
}
