package io.tapflow.sink.elasticsearch;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/** Settings of the Elasticsearch sink; every default is a {@code DEFAULT_*} constant. */
public final class ElasticsearchSinkConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_BATCH_DOCUMENTS = 5_000;
    public static final long DEFAULT_BATCH_BYTES = 8L << 20;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_RETRY_TIME = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_REPLICAS = 1;
    public static final int DEFAULT_SHARDS = 1;

    final String url;
    final String username;
    final String password;
    final int batchDocuments;
    final long batchBytes;
    final Duration flushInterval;
    final Duration backoffInitial;
    final Duration backoffMax;
    final Duration maxRetryTime;
    final Duration requestTimeout;
    final int shards;
    final int replicas;
    final boolean installTemplates;
    final int retentionDays;

    private ElasticsearchSinkConfig(Builder b) {
        this.url = b.url.endsWith("/") ? b.url.substring(0, b.url.length() - 1) : b.url;
        this.username = b.username;
        this.password = b.password;
        this.batchDocuments = b.batchDocuments;
        this.batchBytes = b.batchBytes;
        this.flushInterval = b.flushInterval;
        this.backoffInitial = b.backoffInitial;
        this.backoffMax = b.backoffMax;
        this.maxRetryTime = b.maxRetryTime;
        this.requestTimeout = b.requestTimeout;
        this.shards = b.shards;
        this.replicas = b.replicas;
        this.installTemplates = b.installTemplates;
        this.retentionDays = b.retentionDays;
    }

    public static Builder builder(String url) {
        return new Builder(url);
    }

    public String url() {
        return url;
    }

    public static final class Builder {
        private final String url;
        private String username = "";
        private String password = "";
        private int batchDocuments = DEFAULT_BATCH_DOCUMENTS;
        private long batchBytes = DEFAULT_BATCH_BYTES;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private Duration backoffInitial = DEFAULT_BACKOFF_INITIAL;
        private Duration backoffMax = DEFAULT_BACKOFF_MAX;
        private Duration maxRetryTime = DEFAULT_MAX_RETRY_TIME;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int shards = DEFAULT_SHARDS;
        private int replicas = DEFAULT_REPLICAS;
        private boolean installTemplates = true;
        private int retentionDays;

        private Builder(String url) {
            Objects.requireNonNull(url, "url");
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("Elasticsearch URL must start with http:// or https://: " + url);
            }
            this.url = url;
        }

        /** HTTP basic authentication; empty (the default) sends none. */
        public Builder basicAuth(String username, String password) {
            this.username = Objects.requireNonNull(username);
            this.password = Objects.requireNonNull(password);
            return this;
        }

        /** A bulk request is sent once this many documents are buffered (default 5 000). */
        public Builder batchDocuments(int n) {
            if (n < 1) throw new IllegalArgumentException("batchDocuments must be >= 1");
            this.batchDocuments = n;
            return this;
        }

        /** ... or once the buffered documents reach this many bytes of JSON (default 8 MiB). */
        public Builder batchBytes(long n) {
            if (n < 1) throw new IllegalArgumentException("batchBytes must be >= 1");
            this.batchBytes = n;
            return this;
        }

        /** Buffered documents are sent at least this often (default 1 s). */
        public Builder flushInterval(Duration d) {
            this.flushInterval = positive(d, "flushInterval");
            return this;
        }

        /** First wait after a failed request or retryable items; doubles up to {@code max} (defaults 100 ms, 10 s). */
        public Builder backoff(Duration initial, Duration max) {
            this.backoffInitial = positive(initial, "backoff initial");
            this.backoffMax = positive(max, "backoff max");
            return this;
        }

        /** How long one batch is retried before the sink fails the job (default 5 min). */
        public Builder maxRetryTime(Duration d) {
            this.maxRetryTime = positive(d, "maxRetryTime");
            return this;
        }

        /** Timeout of one HTTP request (default 60 s; connect timeout: the smaller of this and 10 s). */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d, "requestTimeout");
            return this;
        }

        /** Shards and replicas of each daily index, set by the template (defaults 1 and 1; 0 replicas on a single node). */
        public Builder shardsAndReplicas(int shards, int replicas) {
            if (shards < 1 || replicas < 0) throw new IllegalArgumentException("shards >= 1 and replicas >= 0");
            this.shards = shards;
            this.replicas = replicas;
            return this;
        }

        /** Whether the writer installs (overwrites) the index template on start (default true). */
        public Builder installTemplates(boolean install) {
            this.installTemplates = install;
            return this;
        }

        /**
         * Daily indices kept, today included; older ones are deleted by subtask 0 on start and every
         * hour (default 0: keep everything, leave retention to ILM/ISM or cron).
         */
        public Builder retentionDays(int days) {
            if (days < 0) throw new IllegalArgumentException("retentionDays must be >= 0");
            this.retentionDays = days;
            return this;
        }

        public ElasticsearchSinkConfig build() {
            return new ElasticsearchSinkConfig(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive");
            return d;
        }
    }
}
