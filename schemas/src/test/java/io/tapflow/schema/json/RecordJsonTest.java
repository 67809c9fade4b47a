package io.tapflow.schema.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.L7FlowLog;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

    @Test
    void flowLogLineUsesColumnNamesInSchemaOrderWithReadableAddresses() {
        L4FlowLog flow = L4FlowLog.newBuilder().setTime(1_700_000_001L).setStartTime(Instant.ofEpochSecond(1_700_000_000L, 250_000L))
                .setEndTime(Instant.ofEpochSecond(1_700_000_001L)).setFlowId(7L).setAgentId("a\"b").setIsIpv4(1)
                .setIp40(0x0A000001L).setIp41(0xC0A80102L).setGroupIds0(List.of(1, 2)).build();

        String line = RecordJson.line("l4", flow);

        assertThat(line).startsWith("{\"log_type\":\"l4\",\"time\":1700000001,\"start_time\":1700000000000250,\"end_time\":1700000001000000,\"flow_id\":7,");
        assertThat(line).contains("\"agent_id\":\"a\\\"b\"", "\"ip4_0\":\"10.0.0.1\"", "\"ip4_1\":\"192.168.1.2\"", "\"ip6_0\":\"::\"",
                "\"group_ids_0\":[1,2]", "\"province_1\":\"\"").endsWith("\"l7_server_timeout\":0}");
        assertThat(RecordJson.line("l4", flow)).isEqualTo(line);
    }

    @Test
    void l7LineCarriesIpv6Text() {
        byte[] ip = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        String line = RecordJson.line("l7", L7FlowLog.newBuilder().setIsIpv4(0).setIp60(ByteBuffer.wrap(ip)).setStatusCode(200).build());
        assertThat(line).contains("\"ip6_0\":\"2001:db8::1\"", "\"status_code\":200", "\"grpc_status\":-1");
    }

    @Test
    void ipv6TextFollowsRfc5952() {
        assertThat(IpText.ipv6(bytes(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpText.ipv6(bytes(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1))).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(IpText.ipv6(bytes(0, 0, 0, 0, 0, 0, 0, 1))).isEqualTo("::1");
        assertThat(IpText.ipv6(bytes(0xfe80, 0, 0, 0, 0, 0, 0, 0))).isEqualTo("fe80::");
        assertThat(IpText.ipv6(bytes(0, 0, 0, 0, 0, 0xffff, 0x0a00, 1))).isEqualTo("::ffff:a00:1");
        assertThat(IpText.ipv4(0xFFFFFFFFL)).isEqualTo("255.255.255.255");
    }

    private static ByteBuffer bytes(int... groups) {
        ByteBuffer b = ByteBuffer.allocate(16);
        for (int g : groups) {
            b.putShort((short) g);
        }
        return b.flip();
    }
}
