package io.tapflow.sink.clickhouse;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Everything the ClickHouse sink needs, immutable and serializable into the job graph. Build it
 * with {@link #builder()}; every setting but the table has a default (the {@code DEFAULT_*}
 * constants, documented in docs/clickhouse-sink.md).
 */
public final class ClickHouseSinkConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Request body compression. Responses are never compressed: 18.16 answers {@code compress=1} with an empty body. */
    public enum Compression {
        /** Plain bodies. */
        NONE,
        /** ClickHouse's own LZ4 block framing ({@code decompress=1}), which every server version reads. */
        LZ4
    }

    /** The local stack's ClickHouse HTTP port when TAPFLOW_CLICKHOUSE_HTTP_PORT is not set. */
    public static final int DEFAULT_HTTP_PORT = 18123;
    public static final String DEFAULT_DATABASE = "default";
    public static final String DEFAULT_USERNAME = "default";
    public static final String DEFAULT_PASSWORD = "";
    public static final DeliveryGuarantee DEFAULT_DELIVERY_GUARANTEE = DeliveryGuarantee.EXACTLY_ONCE;
    public static final String DEFAULT_META_DATABASE = "tapflow_meta";
    /** Rows per insert: ClickHouse wants few, large inserts (each one makes a part per partition). */
    public static final int DEFAULT_BATCH_ROWS = 50_000;
    public static final long DEFAULT_BATCH_BYTES = 16L << 20;
    /** Rows held in memory (the batch being filled plus those waiting or in flight) before writes block. */
    public static final int DEFAULT_MAX_BUFFERED_ROWS = 200_000;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_RETRIES = 10;
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    public static final Compression DEFAULT_COMPRESSION = Compression.LZ4;
    /**
     * Upper bound of {@link Builder#batchRows}: below the server's max_insert_block_size
     * (1,048,576), a batch is inserted as one block, so a failed insert leaves nothing behind.
     */
    public static final int MAX_BATCH_ROWS = 1_000_000;

    private static final Pattern SINK_ID = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private final String endpoint;
    private final String database;
    private final String table;
    private final String username;
    private final String password;
    private final DeliveryGuarantee deliveryGuarantee;
    private final String sinkId;
    private final String metaDatabase;
    private final int batchRows;
    private final long batchBytes;
    private final int maxBufferedRows;
    private final Duration flushInterval;
    private final int maxRetries;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final Duration requestTimeout;
    private final Compression compression;

    private ClickHouseSinkConfig(Builder b) {
        endpoint = b.endpoint;
        database = b.database;
        table = b.table;
        username = b.username;
        password = b.password;
        deliveryGuarantee = b.deliveryGuarantee;
        sinkId = b.sinkId != null ? b.sinkId : (database + "_" + table).replaceAll("[^A-Za-z0-9_]", "_");
        metaDatabase = b.metaDatabase;
        batchRows = b.batchRows;
        batchBytes = b.batchBytes;
        maxBufferedRows = b.maxBufferedRows;
        flushInterval = b.flushInterval;
        maxRetries = b.maxRetries;
        backoffInitial = b.backoffInitial;
        backoffMax = b.backoffMax;
        requestTimeout = b.requestTimeout;
        compression = b.compression;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:$TAPFLOW_CLICKHOUSE_HTTP_PORT}, port 18123 when the variable is unset. */
    public static String defaultEndpoint() {
        String port = System.getenv("TAPFLOW_CLICKHOUSE_HTTP_PORT");
        return "http://127.0.0.1:" + (port == null || port.isBlank() ? DEFAULT_HTTP_PORT : port.trim());
    }

    public String endpoint() {
        return endpoint;
    }

    public String database() {
        return database;
    }

    public String table() {
        return table;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public DeliveryGuarantee deliveryGuarantee() {
        return deliveryGuarantee;
    }

    public boolean exactlyOnce() {
        return deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE;
    }

    public String sinkId() {
        return sinkId;
    }

    public String metaDatabase() {
        return metaDatabase;
    }

    public int batchRows() {
        return batchRows;
    }

    public long batchBytes() {
        return batchBytes;
    }

    public int maxBufferedRows() {
        return maxBufferedRows;
    }

    public Duration flushInterval() {
        return flushInterval;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration backoffInitial() {
        return backoffInitial;
    }

    public Duration backoffMax() {
        return backoffMax;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Compression compression() {
        return compression;
    }

    RetryPolicy retryPolicy() {
        return new RetryPolicy(maxRetries, backoffInitial, backoffMax);
    }

    @Override
    public String toString() {
        return "ClickHouseSinkConfig{" + endpoint + ", " + database + "." + table + ", user=" + username
                + ", " + deliveryGuarantee + ", sinkId=" + sinkId + ", meta=" + metaDatabase
                + ", batch=" + batchRows + " rows/" + batchBytes + " bytes, maxBuffered=" + maxBufferedRows
                + ", flushInterval=" + flushInterval + ", retries=" + maxRetries + " (" + backoffInitial
                + ".." + backoffMax + "), timeout=" + requestTimeout + ", compression=" + compression + "}";
    }

    /** Builder with the defaults above. */
    public static final class Builder {
        private String endpoint = defaultEndpoint();
        private String database = DEFAULT_DATABASE;
        private String table;
        private String username = DEFAULT_USERNAME;
        private String password = DEFAULT_PASSWORD;
        private DeliveryGuarantee deliveryGuarantee = DEFAULT_DELIVERY_GUARANTEE;
        private String sinkId;
        private String metaDatabase = DEFAULT_META_DATABASE;
        private int batchRows = DEFAULT_BATCH_ROWS;
        private long batchBytes = DEFAULT_BATCH_BYTES;
        private int maxBufferedRows = DEFAULT_MAX_BUFFERED_ROWS;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration backoffInitial = DEFAULT_BACKOFF_INITIAL;
        private Duration backoffMax = DEFAULT_BACKOFF_MAX;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Compression compression = DEFAULT_COMPRESSION;

        private Builder() {}

        /** HTTP(S) URL of the server; default {@link #defaultEndpoint()}, read where the job is built. */
        public Builder endpoint(String url) {
            this.endpoint = Objects.requireNonNull(url, "endpoint");
            return this;
        }

        /** The target table (required); it must exist before the job starts. */
        public Builder table(String database, String table) {
            this.database = Objects.requireNonNull(database, "database");
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        public Builder username(String username) {
            this.username = Objects.requireNonNull(username, "username");
            return this;
        }

        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * EXACTLY_ONCE (default): rows are staged and become visible when the checkpoint that covers
         * them completes; requires checkpointing. AT_LEAST_ONCE: rows are inserted straight into
         * the table, visible after each batch; a restart replays rows written since the last
         * checkpoint.
         */
        public Builder deliveryGuarantee(DeliveryGuarantee guarantee) {
            this.deliveryGuarantee = Objects.requireNonNull(guarantee, "deliveryGuarantee");
            return this;
        }

        /**
         * Names this sink's staging objects and commit records in the meta database; default
         * {@code <database>_<table>}. Two jobs running at the same time into one table need distinct
         * ids; a job restored from a checkpoint must keep its id.
         */
        public Builder sinkId(String sinkId) {
            this.sinkId = Objects.requireNonNull(sinkId, "sinkId");
            return this;
        }

        /** Database for the exactly-once staging tables and the commit log; default {@code tapflow_meta}. */
        public Builder metaDatabase(String metaDatabase) {
            this.metaDatabase = Objects.requireNonNull(metaDatabase, "metaDatabase");
            return this;
        }

        /** A batch is sent when it holds this many rows. */
        public Builder batchRows(int rows) {
            this.batchRows = rows;
            return this;
        }

        /** A batch is sent when its body reaches this many bytes (before compression). */
        public Builder batchBytes(long bytes) {
            this.batchBytes = bytes;
            return this;
        }

        /** Writes block (backpressure) while this many rows are buffered or in flight. */
        public Builder maxBufferedRows(int rows) {
            this.maxBufferedRows = rows;
            return this;
        }

        /** A non-empty batch older than this is sent even if not full. */
        public Builder flushInterval(Duration interval) {
            this.flushInterval = Objects.requireNonNull(interval, "flushInterval");
            return this;
        }

        /** Retries of one request after a transient error; then the job fails with the last error. */
        public Builder maxRetries(int retries) {
            this.maxRetries = retries;
            return this;
        }

        /** Backoff before the first retry; it doubles per retry up to {@link #backoffMax}, with jitter. */
        public Builder backoffInitial(Duration backoff) {
            this.backoffInitial = Objects.requireNonNull(backoff, "backoffInitial");
            return this;
        }

        public Builder backoffMax(Duration backoff) {
            this.backoffMax = Objects.requireNonNull(backoff, "backoffMax");
            return this;
        }

        /** Socket timeout of one request (connect and read). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "requestTimeout");
            return this;
        }

        public Builder compression(Compression compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        public ClickHouseSinkConfig build() {
            require(table != null, "table(database, table) is required");
            require(!table.isBlank() && !database.isBlank(), "database and table must not be blank");
            require(deliveryGuarantee != DeliveryGuarantee.NONE, "deliveryGuarantee NONE is not supported: use AT_LEAST_ONCE");
            require(sinkId == null || SINK_ID.matcher(sinkId).matches(), "sinkId must match " + SINK_ID + ": " + sinkId);
            require(!metaDatabase.isBlank(), "metaDatabase must not be blank");
            require(batchRows >= 1 && batchRows <= MAX_BATCH_ROWS, "batchRows must be in 1.." + MAX_BATCH_ROWS + ": " + batchRows);
            require(batchBytes >= 1024, "batchBytes must be at least 1024: " + batchBytes);
            require(maxBufferedRows >= batchRows, "maxBufferedRows (" + maxBufferedRows + ") must be >= batchRows (" + batchRows + ")");
            require(positive(flushInterval), "flushInterval must be positive: " + flushInterval);
            require(maxRetries >= 0, "maxRetries must be >= 0: " + maxRetries);
            require(positive(backoffInitial), "backoffInitial must be positive: " + backoffInitial);
            require(backoffMax.compareTo(backoffInitial) >= 0, "backoffMax must be >= backoffInitial");
            require(positive(requestTimeout), "requestTimeout must be positive: " + requestTimeout);
            require(endpoint.startsWith("http://") || endpoint.startsWith("https://"), "endpoint must be an http(s) URL: " + endpoint);
            return new ClickHouseSinkConfig(this);
        }

        private static boolean positive(Duration d) {
            return !d.isNegative() && !d.isZero();
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
