package io.tapflow.it.s3;

import java.util.Map;

import org.apache.flink.configuration.Configuration;

import io.tapflow.stack.StackEndpoints;

/** Flink configuration that points flink-s3-fs-hadoop at the local s3proxy. */
public final class LocalS3 {

    private LocalS3() {
    }

    /** The same keys the session cluster's config.yaml carries (scripts/lib/services/flink.sh). */
    public static Configuration flinkConfiguration(StackEndpoints stack) {
        return Configuration.fromMap(Map.of(
                "s3.endpoint", stack.s3Endpoint(),
                "s3.path.style.access", "true",
                "s3.connection.ssl.enabled", "false",
                "s3.access-key", stack.s3AccessKey(),
                "s3.secret-key", stack.s3SecretKey(),
                "s3.directory.marker.retention", "keep",
                "s3.retry.limit", "3",
                "s3.attempts.maximum", "3"));
    }
}
