package io.tapflow.sink.elasticsearch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.L7FlowLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Documents for tapflow's flow logs: L4 records into {@code tapflow-l4-YYYY.MM.DD}, L7 records into
 * {@code tapflow-l7-YYYY.MM.DD}, the day (UTC) of the record's {@code time} (the second its period
 * ended, as the ClickHouse partition key). Ids are deterministic:
 * {@code <flow_id>-<start_time µs>} for L4 (a long flow's minute reports differ by start time), and
 * {@code <flow_id>-<start_time µs>-<stream_id>} for L7 (concurrent HTTP/2 streams of one flow may
 * start in the same microsecond). A record written again after a restore replaces itself.
 */
public final class FlowLogDocuments<T extends SpecificRecord> implements DocumentSerializer<T> {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    /** Index name prefix of the L4 flow logs; the template matches {@code tapflow-l4-*}. */
    public static final String L4_PREFIX = "tapflow-l4";
    /** Index name prefix of the L7 flow logs; the template matches {@code tapflow-l7-*}. */
    public static final String L7_PREFIX = "tapflow-l7";

    private final String prefix;
    private final Class<T> type;
    private final SerializableFunction<T> id;
    private final SerializableSeconds<T> seconds;

    private transient AvroDocumentLayout layout;
    private transient ByteArrayOutputStream buffer;
    private transient long cachedDay = Long.MIN_VALUE;
    private transient String cachedIndex;

    interface SerializableFunction<T> extends Function<T, String>, java.io.Serializable {}

    interface SerializableSeconds<T> extends java.io.Serializable {
        long of(T record);
    }

    private FlowLogDocuments(String prefix, Class<T> type, SerializableFunction<T> id, SerializableSeconds<T> seconds) {
        this.prefix = prefix;
        this.type = type;
        this.id = id;
        this.seconds = seconds;
    }

    public static FlowLogDocuments<L4FlowLog> l4() {
        return new FlowLogDocuments<>(L4_PREFIX, L4FlowLog.class,
                r -> r.getFlowId() + "-" + micros(r.getStartTime()), L4FlowLog::getTime);
    }

    public static FlowLogDocuments<L7FlowLog> l7() {
        return new FlowLogDocuments<>(L7_PREFIX, L7FlowLog.class,
                r -> r.getFlowId() + "-" + micros(r.getStartTime()) + "-" + r.getStreamId(), L7FlowLog::getTime);
    }

    /** The same documents under another index prefix (its template matches {@code <prefix>-*}), e.g. one per tenant or environment. */
    public FlowLogDocuments<T> withPrefix(String newPrefix) {
        if (newPrefix.isEmpty() || !newPrefix.equals(newPrefix.toLowerCase(java.util.Locale.ROOT)) || newPrefix.contains("*")) {
            throw new IllegalArgumentException("index prefix must be lower case, non-empty, without '*': " + newPrefix);
        }
        return new FlowLogDocuments<>(newPrefix, type, id, seconds);
    }

    public String prefix() {
        return prefix;
    }

    public Schema schema() {
        return org.apache.avro.specific.SpecificData.get().getSchema(type);
    }

    /** The index template body for this log (see {@link IndexTemplates}). */
    AvroDocumentLayout layout() {
        if (layout == null) {
            layout = new AvroDocumentLayout(schema());
        }
        return layout;
    }

    @Override
    public String index(T record) {
        long day = Math.floorDiv(seconds.of(record), 86_400L);
        if (day != cachedDay) {
            cachedIndex = indexName(prefix, day);
            cachedDay = day;
        }
        return cachedIndex;
    }

    static String indexName(String prefix, long epochDay) {
        java.time.LocalDate d = java.time.LocalDate.ofEpochDay(epochDay);
        return String.format("%s-%04d.%02d.%02d", prefix, d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    @Override
    public String id(T record) {
        return id.apply(record);
    }

    @Override
    public byte[] source(T record) throws IOException {
        if (buffer == null) {
            buffer = new ByteArrayOutputStream(4096);
        }
        buffer.reset();
        try (JsonGenerator out = JSON.createGenerator(buffer)) {
            layout().write(record, out);
        }
        return buffer.toByteArray();
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
