package io.tapflow.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Writes Avro records as one JSON object per line with the schema's field names (which are the
 * ClickHouse column names), in schema order. Values are the record's, with three renderings a
 * person can read: timestamps as integer microseconds since the epoch, {@code *ip4_0/1} columns as
 * dotted quads and {@code *ip6_0/1} columns as IPv6 text ("" when empty); other bytes as base64.
 */
public final class AvroJsonWriter {
    private final JsonGenerator json;

    public AvroJsonWriter(Writer out) throws IOException {
        this.json = new JsonFactory().createGenerator(out);
        json.setRootValueSeparator(null);
    }

    /** Writes {@code record} with extra leading fields (e.g. "log_type"), then a newline. */
    public void write(IndexedRecord record, Map<String, String> leading) throws IOException {
        json.writeStartObject();
        for (Map.Entry<String, String> e : leading.entrySet()) {
            json.writeStringField(e.getKey(), e.getValue());
        }
        List<Schema.Field> fields = record.getSchema().getFields();
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).name();
            json.writeFieldName(name);
            writeValue(name, record.get(i));
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    public void flush() throws IOException {
        json.flush();
    }

    private void writeValue(String name, Object v) throws IOException {
        if (v == null) {
            json.writeNull();
        } else if (v instanceof Long l && isIpv4Column(name)) {
            json.writeString(dotted(l));
        } else if (v instanceof Integer n) {
            json.writeNumber(n);
        } else if (v instanceof Long l) {
            json.writeNumber(l);
        } else if (v instanceof Instant t) {
            json.writeNumber(t.getEpochSecond() * 1_000_000L + t.getNano() / 1000);
        } else if (v instanceof ByteBuffer b) {
            json.writeString(isIpv6Column(name) ? ipv6(b) : base64(b));
        } else if (v instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (v instanceof Double d) {
            json.writeNumber(d);
        } else if (v instanceof Float f) {
            json.writeNumber(f);
        } else if (v instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                writeValue("", item);
            }
            json.writeEndArray();
        } else if (v instanceof IndexedRecord r) {
            json.writeStartObject();
            List<Schema.Field> fields = r.getSchema().getFields();
            for (int i = 0; i < fields.size(); i++) {
                json.writeFieldName(fields.get(i).name());
                writeValue(fields.get(i).name(), r.get(i));
            }
            json.writeEndObject();
        } else {
            json.writeString(v.toString());
        }
    }

    static boolean isIpv4Column(String name) {
        return name.endsWith("ip4_0") || name.endsWith("ip4_1");
    }

    static boolean isIpv6Column(String name) {
        return name.endsWith("ip6_0") || name.endsWith("ip6_1");
    }

    static String dotted(long ip) {
        return ((ip >>> 24) & 0xFF) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    private static String ipv6(ByteBuffer b) {
        if (b.remaining() == 0) {
            return "";
        }
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return base64(ByteBuffer.wrap(bytes));
        }
    }

    private static String base64(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
