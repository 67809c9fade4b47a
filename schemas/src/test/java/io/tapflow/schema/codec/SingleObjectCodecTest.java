package io.tapflow.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tapflow.schema.L4FlowLog;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleObjectCodecTest {

    private static L4FlowLog sampleFlow() {
        return L4FlowLog.newBuilder()
                .setTime(1_700_000_001L)
                .setStartTime(Instant.ofEpochSecond(1_700_000_000L, 123_456_000L))
                .setEndTime(Instant.ofEpochSecond(1_700_000_001L, 500_000L))
                .setFlowId(42L)
                .setAgentId("host-a")
                .setTapType(3)
                .setIsIpv4(1)
                .setIp40(0x0A000001L)
                .setIp41(0xC0A80102L)
                .setProtocol(6)
                .setClientPort(40000)
                .setServerPort(443)
                .setCloseType(1)
                .setByteTx(1500L)
                .setRttClientSum(250L)
                .setL3EpcId1(-2)
                .setGroupIds0(List.of(3, 7))
                .build();
    }

    /** What a third party does: the published .avsc file, a plain GenericDatumReader, no tapflow code. */
    @Test
    void generatedRecordDecodesWithOnlyThePublishedAvscFile() throws Exception {
        byte[] message = toBytes(sampleFlow().toByteBuffer());
        Schema fromFile = new Schema.Parser().parse(Path.of("src/main/avro/l4_flow_log.avsc").toFile());

        assertThat(message[0]).isEqualTo((byte) 0xC3);
        assertThat(message[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(fromFile));

        GenericRecord r = new GenericDatumReader<GenericRecord>(fromFile)
                .read(null, DecoderFactory.get().binaryDecoder(message, 10, message.length - 10, null));
        assertThat(r.get("flow_id")).isEqualTo(42L);
        assertThat(r.get("start_time")).isEqualTo(1_700_000_000_123_456L);
        assertThat(r.get("agent_id").toString()).isEqualTo("host-a");
        assertThat(r.get("ip4_1")).isEqualTo(0xC0A80102L);
        assertThat(r.get("l3_epc_id_1")).isEqualTo(-2);
        assertThat(r.get("rtt_client_sum")).isEqualTo(250L);
        assertThat(r.get("group_ids_0").toString()).isEqualTo("[3, 7]");
        assertThat(r.get("retrans_rx")).as("unset field carries its default").isEqualTo(0L);
    }

    @Test
    void codecRoundTripsGenericRecordsAndReadsGeneratedOnes() throws Exception {
        SingleObjectCodec codec = SingleObjectCodec.of(PublishedSchema.L4_FLOW_LOG);
        byte[] generated = toBytes(sampleFlow().toByteBuffer());

        GenericRecord decoded = codec.decode(generated);
        byte[] reencoded = codec.encode(decoded);

        assertThat(reencoded).isEqualTo(generated);
        assertThat(SingleObjectCodec.fingerprintOf(reencoded)).isEqualTo(SchemaCatalog.fingerprint(codec.schema()));
    }

    @Test
    void messagesOfAnOlderReleasedVersionAreProjectedOntoTheCurrentOne(@TempDir Path dir) throws Exception {
        // Pretend v1 lacked rrt_max and the current version added it with a default.
        Path current = Files.createDirectories(dir.resolve("current"));
        Path released = Files.createDirectories(dir.resolve("released"));
        for (PublishedSchema p : PublishedSchema.values()) {
            Path src = Path.of("src/main/avro", p.fileName() + ".avsc");
            Files.copy(src, current.resolve(p.fileName() + ".avsc"));
            Files.createDirectories(released.resolve(p.fileName()));
            Files.writeString(released.resolve(p.fileName()).resolve("v1.avsc"),
                    p == PublishedSchema.L4_FLOW_LOG ? withoutField(Files.readString(src), "rrt_max") : Files.readString(src));
        }
        SchemaCatalog catalog = SchemaCatalog.fromDirectories(current, released);
        Schema v1 = catalog.released(PublishedSchema.L4_FLOW_LOG).get(0);
        GenericRecord old = new GenericData.Record(v1);
        for (Schema.Field f : v1.getFields()) {
            old.put(f.name(), GenericData.get().getDefaultValue(f));
        }
        old.put("flow_id", 7L);
        old.put("rrt_sum", 900L);
        byte[] oldMessage = singleObject(v1, old);

        GenericRecord read = SingleObjectCodec.of(PublishedSchema.L4_FLOW_LOG, catalog).decode(oldMessage);

        assertThat(read.getSchema().getField("rrt_max")).isNotNull();
        assertThat(read.get("rrt_max")).isEqualTo(0L);
        assertThat(read.get("rrt_sum")).isEqualTo(900L);
        assertThat(read.get("flow_id")).isEqualTo(7L);
        assertThat(catalog.publishedSchemaOf(SingleObjectCodec.fingerprintOf(oldMessage))).contains(PublishedSchema.L4_FLOW_LOG);
    }

    @Test
    void undecodableMessagesSayWhy() throws Exception {
        SingleObjectCodec codec = SingleObjectCodec.of(PublishedSchema.L4_FLOW_LOG);
        byte[] good = codec.encode(codec.decode(toBytes(sampleFlow().toByteBuffer())));
        byte[] unknown = good.clone();
        unknown[5] ^= 0x5A;

        assertThatThrownBy(() -> codec.decode(new byte[] {1, 2, 3}))
                .isInstanceOfSatisfying(UndecodableMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo(UndecodableMessageException.Reason.BAD_HEADER));
        assertThatThrownBy(() -> codec.decode(unknown))
                .isInstanceOfSatisfying(UndecodableMessageException.class,
                        e -> assertThat(e.reason().deadLetterReasonCode()).isEqualTo(2));
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(good, 14)))
                .isInstanceOfSatisfying(UndecodableMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo(UndecodableMessageException.Reason.CORRUPT_BODY));
    }

    @Test
    void everyPublishedSchemaIsInTheJarWithItsReleasedVersions() {
        SchemaCatalog jar = SchemaCatalog.fromClasspath();
        for (PublishedSchema p : PublishedSchema.values()) {
            assertThat(jar.released(p)).as("released versions of %s on the classpath", p).isNotEmpty();
            assertThat(jar.current(p).getFullName()).isEqualTo(p.recordName());
        }
        assertThat(PublishedSchema.forTopic("tapflow.l4-flow-log.v1")).contains(PublishedSchema.L4_FLOW_LOG);
    }

    private static byte[] singleObject(Schema writer, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xC3, 0x01});
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(SchemaNormalization.parsingFingerprint64(writer)).array());
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(record, enc);
        enc.flush();
        return out.toByteArray();
    }

    private static String withoutField(String schemaJson, String field) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(schemaJson);
        ArrayNode fields = (ArrayNode) root.get("fields");
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).get("name").asText().equals(field)) {
                fields.remove(i);
                break;
            }
        }
        return json.writeValueAsString(root);
    }

    private static byte[] toBytes(ByteBuffer buf) {
        byte[] b = new byte[buf.remaining()];
        buf.get(b);
        return b;
    }
}
