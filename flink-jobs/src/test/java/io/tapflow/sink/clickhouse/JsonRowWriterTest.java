package io.tapflow.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class JsonRowWriterTest {
    private static final JsonRowWriter.Key A = JsonRowWriter.Key.of("a");
    private static final JsonRowWriter.Key B = JsonRowWriter.Key.of("b");

    private static String row(java.util.function.Consumer<JsonRowWriter> fields) {
        JsonRowWriter w = new JsonRowWriter(8);
        w.beginRow();
        fields.accept(w);
        w.endRow();
        return w.toString();
    }

    @Test
    void rowsAreObjectsOnePerLineWithCommasBetweenFieldsAndElements() {
        JsonRowWriter w = new JsonRowWriter(8);
        for (int i = 0; i < 2; i++) {
            w.beginRow();
            w.key(A).longValue(i).key(B).beginArray().longValue(1).longValue(2).beginArray().endArray().endArray();
            w.key("m").beginObject().key("k").stringValue("v").key("n").nullValue().endObject();
            w.endRow();
        }
        assertThat(w.toString()).isEqualTo(
                "{\"a\":0,\"b\":[1,2,[]],\"m\":{\"k\":\"v\",\"n\":null}}\n{\"a\":1,\"b\":[1,2,[]],\"m\":{\"k\":\"v\",\"n\":null}}\n");
        assertThat(w.rows()).isEqualTo(2);
    }

    @Test
    void numbersAreWrittenExactly() {
        assertThat(row(w -> w.key(A).longValue(Long.MIN_VALUE).key(B).longValue(-42)))
                .isEqualTo("{\"a\":-9223372036854775808,\"b\":-42}\n");
        assertThat(row(w -> w.key(A).unsignedLongValue(-1L))).isEqualTo("{\"a\":18446744073709551615}\n");
        assertThat(row(w -> w.key(A).doubleValue(1.5).key(B).doubleValue(3.0))).isEqualTo("{\"a\":1.5,\"b\":3}\n");
        assertThat(row(w -> w.key(A).doubleValue(Double.NaN).key(B).doubleValue(Double.NEGATIVE_INFINITY)))
                .isEqualTo("{\"a\":nan,\"b\":-inf}\n");
    }

    @Test
    void stringsAreUtf8WithJsonEscapes() {
        assertThat(row(w -> w.key(A).stringValue("q\"b\\n\n\t\u0001é€😀")))
                .isEqualTo("{\"a\":\"q\\\"b\\\\n\\n\\t\\u0001é€😀\"}\n");
        assertThat(row(w -> w.key("we\"ird").longValue(1))).isEqualTo("{\"we\\\"ird\":1}\n");
    }

    @Test
    void bytesAreWrittenRawExceptQuoteBackslashAndControlBytes() throws Exception {
        JsonRowWriter w = new JsonRowWriter(8);
        w.beginRow();
        w.key(A).bytesValue(ByteBuffer.wrap(new byte[] {'x', '"', '\\', 0x0a, 0x00, (byte) 0x80, (byte) 0xff}));
        w.endRow();
        ByteBuffer expected = ByteBuffer.wrap(new byte[] {'{', '"', 'a', '"', ':', '"', 'x', '\\', '"', '\\', '\\',
                '\\', 'n', '\\', 'u', '0', '0', '0', '0', (byte) 0x80, (byte) 0xff, '"', '}', '\n'});
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        w.writeTo(out);
        assertThat(out.toByteArray()).isEqualTo(expected.array());
    }

    @Test
    void addressesAreText() {
        assertThat(row(w -> w.key(A).ipv4Value(16909060L).key(B).ipv4Value(0xFFFFFFFFL)))
                .isEqualTo("{\"a\":\"1.2.3.4\",\"b\":\"255.255.255.255\"}\n");
        ByteBuffer v6 = ByteBuffer.allocate(16).putLong(0x20010db800000000L).putLong(0x00000000000a0001L).flip();
        assertThat(row(w -> w.key(A).ipv6Value(v6))).isEqualTo("{\"a\":\"2001:db8:0:0:0:0:a:1\"}\n");
        assertThat(v6.remaining()).isEqualTo(16);
        assertThat(row(w -> w.key(A).ipv6Value(ByteBuffer.wrap(new byte[] {10, 0, 0, 1})).key(B).ipv6Value(ByteBuffer.allocate(0))))
                .isEqualTo("{\"a\":\"::ffff:10.0.0.1\",\"b\":\"::\"}\n");
    }

    @Test
    void microsecondsBecomeDecimalSecondsAtTheColumnPrecision() {
        assertThat(row(w -> w.key(A).epochMicrosAsDecimalSeconds(1_700_000_000_123_456L, 6)
                .key(B).epochMicrosAsDecimalSeconds(1_700_000_000_123_456L, 3)))
                .isEqualTo("{\"a\":\"1700000000.123456\",\"b\":\"1700000000.123\"}\n");
        assertThat(row(w -> w.key(A).epochMicrosAsDecimalSeconds(5, 9).key(B).epochMicrosAsDecimalSeconds(-1_500_000L, 6)))
                .isEqualTo("{\"a\":\"0.000005000\",\"b\":\"-1.500000\"}\n");
        assertThat(row(w -> w.key(A).epochMicrosAsDecimalSeconds(1_700_000_000_999_999L, 0)))
                .isEqualTo("{\"a\":\"1700000000\"}\n");
    }

    @Test
    void truncateDropsAFailedRow() {
        JsonRowWriter w = new JsonRowWriter(8);
        w.beginRow();
        w.key(A).longValue(1);
        w.endRow();
        int before = w.length();
        w.beginRow();
        w.key(A).longValue(2);
        w.truncate(before);
        assertThat(w.toString()).isEqualTo("{\"a\":1}\n");
    }
}
