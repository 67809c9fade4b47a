package io.tapflow.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class StackEndpointsTest {

    @Test
    void defaultsMatchTheScripts() {
        StackEndpoints endpoints = StackEndpoints.from(Map.of());

        assertThat(endpoints.kafkaBootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(endpoints.clickhouseHttpUrl()).isEqualTo("http://127.0.0.1:18123");
        assertThat(endpoints.clickhouseTcpPort()).isEqualTo(19000);
        assertThat(endpoints.elasticsearchUrl()).isEqualTo("http://127.0.0.1:19200");
        assertThat(endpoints.s3Endpoint()).isEqualTo("http://127.0.0.1:18333");
        assertThat(endpoints.s3AccessKey()).isEqualTo("tapflow");
        assertThat(endpoints.s3SecretKey()).isEqualTo("tapflow-secret");
        assertThat(endpoints.s3Bucket()).isEqualTo("tapflow");
        assertThat(endpoints.flinkRestUrl()).isEqualTo("http://127.0.0.1:18081");
        assertThat(endpoints.flinkRpcPort()).isEqualTo(16123);
    }

    @Test
    void variablesOverrideDefaultsAndBlankMeansDefault() {
        StackEndpoints endpoints = StackEndpoints.from(Map.of(
                "TAPFLOW_KAFKA_PORT", "29092",
                "TAPFLOW_S3_BUCKET", "other",
                "TAPFLOW_ES_PORT", " "));

        assertThat(endpoints.kafkaBootstrapServers()).isEqualTo("127.0.0.1:29092");
        assertThat(endpoints.s3Bucket()).isEqualTo("other");
        assertThat(endpoints.elasticsearchUrl()).isEqualTo("http://127.0.0.1:19200");
    }

    @Test
    void aPortThatIsNotANumberNamesTheVariable() {
        StackEndpoints endpoints = StackEndpoints.from(Map.of("TAPFLOW_FLINK_REST_PORT", "80a"));

        assertThatThrownBy(endpoints::flinkRestUrl)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TAPFLOW_FLINK_REST_PORT='80a'");
    }
}
