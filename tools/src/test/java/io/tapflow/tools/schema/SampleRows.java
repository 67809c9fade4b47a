package io.tapflow.tools.schema;

import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.L7FlowLog;
import io.tapflow.schema.clickhouse.RowBinaryWriter;
import io.tapflow.schema.codec.PublishedSchema;
import io.tapflow.schema.codec.SchemaCatalog;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.generic.IndexedRecord;

/** One known row per managed table, all in partition 20231114, and their expected read-back values. */
final class SampleRows {

    static final byte[] IP6_2001_DB8_1 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private SampleRows() {
    }

    static IndexedRecord of(TableSpec t) {
        if (t.schema() == PublishedSchema.L4_FLOW_LOG) {
            return L4FlowLog.newBuilder()
                    .setTime(1_700_000_001L).setStartTime(Instant.ofEpochSecond(1_700_000_000L, 250_000L))
                    .setEndTime(Instant.ofEpochSecond(1_700_000_001L)).setFlowId(77L).setAgentId("agent-1").setTapType(3)
                    .setIsIpv4(1).setIp40(0x0A000001L).setIp41(0x0A000002L).setProtocol(6).setClientPort(40000).setServerPort(80)
                    .setCloseType(2).setStatus(3).setByteTx(1234L).setRttClientSum(300L).setRttClientCount(1L)
                    .setL3EpcId1(-2).setGroupIds0(List.of(1, 2)).setTapSide("c").build();
        }
        if (t.schema() == PublishedSchema.L7_FLOW_LOG) {
            return L7FlowLog.newBuilder()
                    .setTime(1_700_000_000L).setStartTime(Instant.ofEpochSecond(1_700_000_000L))
                    .setEndTime(Instant.ofEpochSecond(1_700_000_000L, 5_000_000L))
                    .setFlowId(77L).setL7Protocol(20).setType(2).setMethod("GET").setHost("example.com").setPath("/a/b").setStatusCode(404)
                    .setResponseStatus(4).setDuration(5_000L).setAgentId("agent-1").setIsIpv4(0).setIp60(ByteBuffer.wrap(IP6_2001_DB8_1))
                    .build();
        }
        GenericRecordBuilder b = new GenericRecordBuilder(SchemaCatalog.fromClasspath().current(t.schema()))
                .set("time", 1_700_000_000L).set("period", t.table().endsWith("_1m") ? 60 : 1)
                .set("agent_id", "agent-1").set("server_port", 443);
        b.set(maxColumn(t), 4_000_000L);
        return b.build();
    }

    /** The latency max column every metric table has. */
    static String maxColumn(TableSpec t) {
        return t.schema() == PublishedSchema.NETWORK_METRICS || t.schema() == PublishedSchema.NETWORK_MAP_METRICS ? "rtt_max" : "rrt_max";
    }

    static byte[] rowBinary(IndexedRecord record, RowBinaryWriter writer) {
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        writer.write(record, rows);
        return rows.toByteArray();
    }
}
