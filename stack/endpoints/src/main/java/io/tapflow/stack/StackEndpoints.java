package io.tapflow.stack;

import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where the services of the local stack ({@code ./tapflow up}) listen, read from the same
 * {@code TAPFLOW_*} environment variables, with the same defaults, as the scripts.
 *
 * <p>{@code ./tapflow test} exports every setting (including those from a {@code tapflow.env} file)
 * to Maven, so tests see exactly the ports the stack was started with. When Maven is run by hand
 * with a {@code tapflow.env}, run {@code eval "$(./tapflow env)"} first. All services bind 127.0.0.1.
 */
public final class StackEndpoints {

    /** The only address the local services listen on. */
    public static final String HOST = "127.0.0.1";

    /** Defaults of the scripts (scripts/lib/common.sh); keep both in step. */
    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("TAPFLOW_KAFKA_PORT", "19092"),
            Map.entry("TAPFLOW_CLICKHOUSE_HTTP_PORT", "18123"),
            Map.entry("TAPFLOW_CLICKHOUSE_TCP_PORT", "19000"),
            Map.entry("TAPFLOW_ES_PORT", "19200"),
            Map.entry("TAPFLOW_S3_PORT", "18333"),
            Map.entry("TAPFLOW_S3_ACCESS_KEY", "tapflow"),
            Map.entry("TAPFLOW_S3_SECRET_KEY", "tapflow-secret"),
            Map.entry("TAPFLOW_S3_BUCKET", "tapflow"),
            Map.entry("TAPFLOW_FLINK_REST_PORT", "18081"),
            Map.entry("TAPFLOW_FLINK_RPC_PORT", "16123"));

    private final UnaryOperator<String> lookup;

    private StackEndpoints(UnaryOperator<String> lookup) {
        this.lookup = lookup;
    }

    /** Endpoints from this process's environment. */
    public static StackEndpoints fromEnvironment() {
        return new StackEndpoints(System::getenv);
    }

    /** Endpoints from the given variables (absent or blank ones take the defaults). */
    public static StackEndpoints from(Map<String, String> variables) {
        Objects.requireNonNull(variables, "variables");
        return new StackEndpoints(variables::get);
    }

    /** Kafka {@code bootstrap.servers}, e.g. {@code 127.0.0.1:19092}. */
    public String kafkaBootstrapServers() {
        return HOST + ":" + port("TAPFLOW_KAFKA_PORT");
    }

    /** ClickHouse HTTP interface, e.g. {@code http://127.0.0.1:18123}; user {@code default}, no password. */
    public String clickhouseHttpUrl() {
        return "http://" + HOST + ":" + port("TAPFLOW_CLICKHOUSE_HTTP_PORT");
    }

    /** ClickHouse native protocol port (clickhouse-client {@code --port}). */
    public int clickhouseTcpPort() {
        return port("TAPFLOW_CLICKHOUSE_TCP_PORT");
    }

    /** Elasticsearch HTTP, e.g. {@code http://127.0.0.1:19200}. */
    public String elasticsearchUrl() {
        return "http://" + HOST + ":" + port("TAPFLOW_ES_PORT");
    }

    /** S3 endpoint (path-style addressing), e.g. {@code http://127.0.0.1:18333}. */
    public String s3Endpoint() {
        return "http://" + HOST + ":" + port("TAPFLOW_S3_PORT");
    }

    public String s3AccessKey() {
        return setting("TAPFLOW_S3_ACCESS_KEY");
    }

    public String s3SecretKey() {
        return setting("TAPFLOW_S3_SECRET_KEY");
    }

    /** The bucket that exists from the first {@code ./tapflow up} on. */
    public String s3Bucket() {
        return setting("TAPFLOW_S3_BUCKET");
    }

    /** Flink REST API and web UI, e.g. {@code http://127.0.0.1:18081}. */
    public String flinkRestUrl() {
        return "http://" + HOST + ":" + port("TAPFLOW_FLINK_REST_PORT");
    }

    /** Flink JobManager RPC port ({@code jobmanager.rpc.port}). */
    public int flinkRpcPort() {
        return port("TAPFLOW_FLINK_RPC_PORT");
    }

    private String setting(String name) {
        String value = lookup.apply(name);
        return value == null || value.isBlank() ? DEFAULTS.get(name) : value.trim();
    }

    private int port(String name) {
        String value = setting(name);
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the variable's name
        }
        throw new IllegalStateException(name + "='" + value + "' is not a TCP port number");
    }
}
