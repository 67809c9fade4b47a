package io.tapflow.it.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.tapflow.stack.StackEndpoints;

/** Write and read an object through Flink's FileSystem API with flink-s3-fs-hadoop against s3proxy. */
@Tag("stack")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class S3FileSystemTest {

    private static final StackEndpoints STACK = StackEndpoints.fromEnvironment();

    @BeforeAll
    static void configureS3() {
        FileSystem.initialize(LocalS3.flinkConfiguration(STACK), null);
    }

    @Test
    void anObjectWrittenIsReadBackAndDeleted() throws IOException {
        Path path = new Path("s3://" + STACK.s3Bucket() + "/it/s3-" + UUID.randomUUID() + ".txt");
        byte[] content = "tapflow s3 round trip\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        FileSystem fs = path.getFileSystem();

        try (FSDataOutputStream out = fs.create(path, WriteMode.NO_OVERWRITE)) {
            out.write(content);
        }

        assertThat(fs.getFileStatus(path).getLen()).isEqualTo(content.length);
        try (InputStream in = fs.open(path)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(fs.delete(path, false)).isTrue();
        assertThat(fs.exists(path)).isFalse();
    }
}
