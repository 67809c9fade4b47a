package io.tapflow.l7;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.l7.http2.HpackDecoder;
import io.tapflow.l7.http2.HpackTable;
import io.tapflow.l7.http2.Huffman;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Huffman and HPACK decoding against the examples of RFC 7541 Appendix C. */
class HpackTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void huffmanMatchesTheRfcExamples() {
        String[][] examples = {
            {"www.example.com", "f1e3c2e5f23a6ba0ab90f4ff"},
            {"no-cache", "a8eb10649cbf"},
            {"custom-key", "25a849e95ba97d7f"},
            {"custom-value", "25a849e95bb8e8b4bf"},
            {"302", "6402"},
            {"private", "aec3771a4b"},
            {"Mon, 21 Oct 2013 20:13:21 GMT", "d07abe941054d444a8200595040b8166e082a62d1bff"},
            {"https://www.example.com", "9d29ad171863c78f0b97c8e9ae82ae43d3"},
        };
        for (String[] e : examples) {
            byte[] text = e[0].getBytes(StandardCharsets.US_ASCII);
            byte[] encoded = new byte[Huffman.encodedLength(text, 0, text.length)];
            Huffman.encode(text, 0, text.length, encoded, 0);
            assertThat(HEX.formatHex(encoded)).as(e[0]).isEqualTo(e[1]);
            byte[] code = HEX.parseHex(e[1]);
            byte[] out = new byte[Huffman.maxDecodedLength(code.length)];
            int n = Huffman.decode(code, 0, code.length, out, 0);
            assertThat(new String(out, 0, n, StandardCharsets.US_ASCII)).isEqualTo(e[0]);
        }
    }

    @Test
    void huffmanRoundTripsEveryByteValue() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            byte[] text = new byte[random.nextInt(64)];
            random.nextBytes(text);
            if (round == 0) {
                text = new byte[256];
                for (int i = 0; i < 256; i++) {
                    text[i] = (byte) i;
                }
            }
            byte[] code = new byte[Huffman.encodedLength(text, 0, text.length)];
            Huffman.encode(text, 0, text.length, code, 0);
            byte[] out = new byte[Huffman.maxDecodedLength(code.length)];
            int n = Huffman.decode(code, 0, code.length, out, 0);
            assertThat(java.util.Arrays.copyOf(out, n)).isEqualTo(text);
        }
    }

    @Test
    void huffmanRejectsBadPaddingAndEos() {
        byte[] out = new byte[64];
        // 'a' (00011) + 11 bits of ones: padding longer than 7 bits
        assertThat(Huffman.decode(new byte[] {0x1F, (byte) 0xFF}, 0, 2, out, 0)).isEqualTo(-1);
        // 'a' + padding of zeros
        assertThat(Huffman.decode(new byte[] {0x18}, 0, 1, out, 0)).isEqualTo(-1);
        // EOS (30 ones) inside the string
        assertThat(Huffman.decode(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, 0, 4, out, 0)).isEqualTo(-1);
        // 'a' + 3 one bits of padding is fine
        assertThat(Huffman.decode(new byte[] {0x1F}, 0, 1, out, 0)).isEqualTo(1);
        assertThat(out[0]).isEqualTo((byte) 'a');
    }

    @Test
    void requestsWithoutHuffmanUseTheDynamicTable() {
        HpackTable t = new HpackTable();
        assertThat(decode(t, "828684410f7777772e6578616d706c652e636f6d"))
                .containsExactly(":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com");
        assertThat(t.size).isEqualTo(57);
        assertThat(decode(t, "828684be58086e6f2d6361636865"))
                .containsExactly(":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com",
                        "cache-control: no-cache");
        assertThat(t.size).isEqualTo(110);
        assertThat(decode(t, "828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565"))
                .containsExactly(":method: GET", ":scheme: https", ":path: /index.html", ":authority: www.example.com",
                        "custom-key: custom-value");
        assertThat(t.size).isEqualTo(164);
        assertThat(t.count).isEqualTo(3);
    }

    @Test
    void requestsWithHuffman() {
        HpackTable t = new HpackTable();
        assertThat(decode(t, "828684418cf1e3c2e5f23a6ba0ab90f4ff"))
                .containsExactly(":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com");
        assertThat(decode(t, "828684be5886a8eb10649cbf")).contains("cache-control: no-cache");
        assertThat(decode(t, "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf")).contains("custom-key: custom-value");
        assertThat(t.size).isEqualTo(164);
    }

    @Test
    void evictionKeepsTheTableInStepWithTheEncoder() {
        H2.Encoder encoder = new H2.Encoder();
        HpackTable t = new HpackTable();
        for (int i = 0; i < 300; i++) {
            String path = "/service/" + i + "/" + "x".repeat(i % 50);
            byte[] block = encoder.block(":method", "POST", ":path", path, "x-request-id", "id-" + (i % 7),
                    "user-agent", "grpc-java/1.60");
            assertThat(decode(t, HEX.formatHex(block))).containsExactly(":method: POST", ":path: " + path,
                    "x-request-id: id-" + (i % 7), "user-agent: grpc-java/1.60");
            if (i == 150) {
                encoder.resize(200); // a size update mid-connection evicts down to 200 bytes
            }
        }
        assertThat(t.size).isLessThanOrEqualTo(200);
        assertThat(t.broken).isFalse();
    }

    @Test
    void malformedBlocksAreReportedNotThrown() {
        HpackTable t = new HpackTable();
        List<String> out = new ArrayList<>();
        HpackDecoder d = new HpackDecoder();
        // index 0, index beyond both tables, an integer that never ends, a string longer than the block
        assertThat(d.decode(t, new byte[] {(byte) 0x80}, 0, 1, true, sink(out), 4096) & HpackDecoder.BAD).isNotZero();
        assertThat(d.decode(t, new byte[] {(byte) 0xFF, 0x7F}, 0, 2, true, sink(out), 4096) & HpackDecoder.DESYNC).isNotZero();
        assertThat(d.decode(t, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, 0, 6,
                true, sink(out), 4096)).isNotZero();
        assertThat(d.decode(new HpackTable(), new byte[] {0x40, 0x05, 'a'}, 0, 3, true, sink(out), 4096) & HpackDecoder.BAD).isNotZero();
        // the same, cut by the prefix: no complaint
        assertThat(d.decode(new HpackTable(), new byte[] {0x40, 0x05, 'a'}, 0, 3, false, sink(out), 4096)).isZero();
    }

    @Test
    void aSizeUpdateToZeroHealsABrokenTable() {
        HpackTable t = new HpackTable();
        t.broken = true;
        assertThat(decode(t, "20" + "828684410f7777772e6578616d706c652e636f6d")).contains(":authority: www.example.com");
        assertThat(t.broken).isFalse();
    }

    private static List<String> decode(HpackTable t, String hex) {
        byte[] b = HEX.parseHex(hex);
        List<String> out = new ArrayList<>();
        int r = new HpackDecoder().decode(t, b, 0, b.length, true, sink(out), 65535);
        assertThat(r).as("decode result").isZero();
        return out;
    }

    private static io.tapflow.l7.http.HeaderSink sink(List<String> out) {
        return (nb, no, nl, vb, vo, vl) -> out.add(new String(nb, no, nl, StandardCharsets.ISO_8859_1) + ": "
                + new String(vb, vo, vl, StandardCharsets.ISO_8859_1));
    }
}
