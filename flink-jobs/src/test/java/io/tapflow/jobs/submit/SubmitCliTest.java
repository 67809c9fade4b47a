package io.tapflow.jobs.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmitCliTest {
    @Test
    void jobOptionsFollowTheSeparatorOrTheFirstUnknownOption() {
        SubmitCli.Arguments a = SubmitCli.Arguments.parse(new String[] {"submit", "--jar", "x.jar",
                "--from-savepoint", "s3://b/sp", "--", "--parallelism", "2"});
        assertThat(a.fromSavepoint).isEqualTo("s3://b/sp");
        assertThat(a.rest).containsExactly("--parallelism", "2");
        assertThat(SubmitCli.Arguments.parse(new String[] {"submit", "--jar", "x.jar", "--group-id", "g"}).rest)
                .containsExactly("--group-id", "g");
        SubmitCli.Arguments sp = SubmitCli.Arguments.parse(new String[] {"savepoint", "abc", "--stop"});
        assertThat(sp.stop).isTrue();
        assertThat(sp.single("JOB_ID")).isEqualTo("abc");
    }

    @Test
    void badFlowJobOptionsAreRefusedBeforeAnythingReachesTheCluster() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new SubmitCli(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[] {"submit", "--flink-rest", "http://127.0.0.1:1", "--jar", "pom.xml", "--", "--no-such-option", "x"});
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("FlowJob options: unknown option --no-such-option");
    }

    @Test
    void aClusterThatIsDownIsOneLineNamingTheUrlAndTheSetting() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new SubmitCli(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[] {"jobs", "--flink-rest", "http://127.0.0.1:" + port});
        assertThat(code).isEqualTo(1);
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("http://127.0.0.1:" + port, "TAPFLOW_FLINK_REST_PORT", "./tapflow up flink");
    }
}
