package io.tapflow.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4));

    @Test
    void backoffDoublesUpToTheMaximumWithJitterInItsUpperHalf() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) {
            assertThat(p.backoffMillis(0)).isBetween(50L, 100L);
            assertThat(p.backoffMillis(2)).isBetween(200L, 400L);
            assertThat(p.backoffMillis(10)).isBetween(500L, 1000L);
            assertThat(p.backoffMillis(100)).isBetween(500L, 1000L);
        }
    }

    @Test
    void transientErrorsAreRetriedUntilSuccess() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        String result = policy.run("op", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new ConnectionInitiationException("Connection refused");
            }
            return "ok";
        }, retries::incrementAndGet);
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
        assertThat(retries).hasValue(2);
    }

    @Test
    void transientErrorsGiveUpAfterMaxRetriesWithTheLastMessage() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> policy.run("insert", () -> {
            calls.incrementAndGet();
            throw new ConnectionInitiationException("Connection refused");
        }, () -> {}))
                .isInstanceOf(ClickHouseSinkException.class)
                .hasMessage("insert failed after 4 attempts: ConnectionInitiationException: Connection refused");
        assertThat(calls).hasValue(4);
    }

    @Test
    void permanentErrorsAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> policy.run("insert", () -> {
            calls.incrementAndGet();
            throw new ServerException(0, "Code: 60, e.displayText() = DB::Exception: Table d.t doesn't exist.", 404, null);
        }, () -> {}))
                .isInstanceOf(ClickHouseSinkException.class)
                .hasMessageStartingWith("insert failed with a permanent error (not retried): ServerException: Code: 60,")
                .hasMessageContaining("Table d.t doesn't exist.");
        assertThat(calls).hasValue(1);
    }
}
