package io.tapflow.it.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.tapflow.it.flink.job.DoubledSumJob;
import io.tapflow.it.s3.LocalS3;
import io.tapflow.stack.StackEndpoints;

/**
 * Submits a job jar to the standalone session cluster through the REST API, as an operator would,
 * and checks that it finishes and that its output (written by the TaskManager to s3:// through the
 * cluster's s3-fs-hadoop plugin) is right.
 */
@Tag("stack")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FlinkSessionClusterTest {

    private static final StackEndpoints STACK = StackEndpoints.fromEnvironment();
    private static final Set<String> TERMINAL = Set.of("FINISHED", "FAILED", "CANCELED", "SUSPENDED");
    private static final long N = 100_000;

    @BeforeAll
    static void configureS3() {
        FileSystem.initialize(LocalS3.flinkConfiguration(STACK), null);
    }

    @Test
    void aSubmittedJarRunsToFinishedAndWritesItsResultToS3(@TempDir Path tmp) throws Exception {
        FlinkRestClient flink = new FlinkRestClient(STACK.flinkRestUrl());
        org.apache.flink.core.fs.Path output = new org.apache.flink.core.fs.Path(
                "s3://" + STACK.s3Bucket() + "/it/flink-" + UUID.randomUUID() + ".txt");

        String jarId = flink.uploadJar(JobJar.of(DoubledSumJob.class, tmp.resolve("doubled-sum.jar")));
        try {
            String jobId = flink.runJar(jarId, DoubledSumJob.class.getName(),
                    List.of(output.toString(), Long.toString(N)), 2);

            String state = awaitTerminalState(flink, jobId, Duration.ofMinutes(3));
            assertThat(state)
                    .as("job state; exceptions: %s", state.equals("FINISHED") ? "" : flink.jobExceptions(jobId))
                    .isEqualTo("FINISHED");
        } finally {
            flink.deleteJar(jarId);
        }

        try (InputStream in = output.getFileSystem().open(output)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(DoubledSumJob.expectedOutput(N));
        }
        output.getFileSystem().delete(output, false);
    }

    private static String awaitTerminalState(FlinkRestClient flink, String jobId, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = flink.jobState(jobId);
        while (!TERMINAL.contains(state) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            state = flink.jobState(jobId);
        }
        return state;
    }
}
