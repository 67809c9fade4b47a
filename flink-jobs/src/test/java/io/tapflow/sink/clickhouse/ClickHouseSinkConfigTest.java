package io.tapflow.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

class ClickHouseSinkConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        ClickHouseSinkConfig c = ClickHouseSinkConfig.builder().table("flow_log", "l4_flow_log").build();
        String port = System.getenv("TAPFLOW_CLICKHOUSE_HTTP_PORT");
        assertThat(c.endpoint()).isEqualTo("http://127.0.0.1:" + (port == null || port.isBlank() ? "18123" : port.trim()));
        assertThat(c.username()).isEqualTo("default");
        assertThat(c.password()).isEmpty();
        assertThat(c.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(c.sinkId()).isEqualTo("flow_log_l4_flow_log");
        assertThat(c.metaDatabase()).isEqualTo("tapflow_meta");
        assertThat(c.batchRows()).isEqualTo(50_000);
        assertThat(c.batchBytes()).isEqualTo(16L << 20);
        assertThat(c.maxBufferedRows()).isEqualTo(200_000);
        assertThat(c.flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.maxRetries()).isEqualTo(10);
        assertThat(c.backoffInitial()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.backoffMax()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.compression()).isEqualTo(ClickHouseSinkConfig.Compression.LZ4);
    }

    @Test
    void invalidSettingsAreRejectedWithTheSettingNamed() {
        assertThatThrownBy(() -> ClickHouseSinkConfig.builder().build()).hasMessageContaining("table(database, table) is required");
        assertThatThrownBy(() -> ClickHouseSinkConfig.builder().table("d", "t").batchRows(2_000_000).build())
                .hasMessageContaining("batchRows must be in 1..1000000");
        assertThatThrownBy(() -> ClickHouseSinkConfig.builder().table("d", "t").batchRows(10).maxBufferedRows(5).build())
                .hasMessageContaining("maxBufferedRows (5) must be >= batchRows (10)");
        assertThatThrownBy(() -> ClickHouseSinkConfig.builder().table("d", "t").sinkId("bad-id").build())
                .hasMessageContaining("sinkId must match");
        assertThatThrownBy(() -> ClickHouseSinkConfig.builder().table("d", "t").deliveryGuarantee(DeliveryGuarantee.NONE).build())
                .hasMessageContaining("NONE is not supported");
        assertThatThrownBy(() -> ClickHouseSinkConfig.builder().table("d", "t").backoffInitial(Duration.ofSeconds(2))
                .backoffMax(Duration.ofSeconds(1)).build()).hasMessageContaining("backoffMax must be >= backoffInitial");
        assertThatThrownBy(() -> ClickHouseSinkConfig.builder().table("d", "t").endpoint("127.0.0.1:8123").build())
                .hasMessageContaining("endpoint must be an http(s) URL");
    }
}
