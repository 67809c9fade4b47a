package io.tapflow.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.ClientException;
import com.clickhouse.client.api.ClientMisconfigurationException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.DataTransferException;
import com.clickhouse.client.api.ServerException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ClickHouseErrorsTest {
    /** As client-v2 reports an 18.16 error: no code header, so code 0 and the code in the text. */
    private static ServerException legacy(int code, int http, String what) {
        return new ServerException(0, "Code: " + code + ", e.displayText() = DB::Exception: " + what
                + ", e.what() = DB::Exception (transport error: " + http + ")", http, null);
    }

    @Test
    void serverErrorsAreJudgedByTheCodeInTheirMessageNotTheHttpStatus() {
        assertThat(ClickHouseErrors.serverCode(legacy(60, 404, "Table t1.x doesn't exist."))).isEqualTo(60);
        assertThat(ClickHouseErrors.isTransient(legacy(60, 404, "Table t1.x doesn't exist."))).isFalse();
        assertThat(ClickHouseErrors.isTransient(legacy(27, 500, "Cannot parse input"))).isFalse();
        assertThat(ClickHouseErrors.isTransient(legacy(117, 500, "Unknown field found while parsing JSONEachRow format: y"))).isFalse();
        assertThat(ClickHouseErrors.isTransient(legacy(53, 500, "Type mismatch"))).isFalse();
        assertThat(ClickHouseErrors.isTransient(legacy(252, 500, "Too many parts (300)"))).isTrue();
        assertThat(ClickHouseErrors.isTransient(legacy(216, 500, "Query with id = x is already running."))).isTrue();
        assertThat(ClickHouseErrors.isTransient(legacy(241, 500, "Memory limit (for query) exceeded"))).isTrue();
        // modern servers send the code header, and "Code: 60. DB::Exception: ..." text
        assertThat(ClickHouseErrors.isTransient(new ServerException(60, "Code: 60. DB::Exception: Unknown table", 404, "q"))).isFalse();
    }

    @Test
    void errorsWithoutAClickHouseCodeAreJudgedByHttpStatus() {
        assertThat(ClickHouseErrors.isTransient(new ServerException(0, "Service Unavailable", 503, null))).isTrue();
        assertThat(ClickHouseErrors.isTransient(new ServerException(0, "Too Many Requests", 429, null))).isTrue();
        assertThat(ClickHouseErrors.isTransient(new ServerException(0, "Forbidden", 403, null))).isFalse();
        assertThat(ClickHouseErrors.isTransient(new ClientException("Unexpected result status 504"))).isTrue();
        assertThat(ClickHouseErrors.isTransient(new ClientException("Unexpected result status 418"))).isFalse();
    }

    @Test
    void connectionFailuresAndTimeoutsAreTransientMisconfigurationIsNot() {
        assertThat(ClickHouseErrors.isTransient(new ConnectionInitiationException("refused", new ConnectException("Connection refused")))).isTrue();
        assertThat(ClickHouseErrors.isTransient(new DataTransferException("read", new SocketTimeoutException("Read timed out")))).isTrue();
        assertThat(ClickHouseErrors.isTransient(new ExecutionException(new ConnectException("refused")))).isTrue();
        assertThat(ClickHouseErrors.isTransient(new ClientMisconfigurationException("bad endpoint"))).isFalse();
        assertThat(ClickHouseErrors.isTransient(new IllegalStateException("bug"))).isFalse();
        assertThat(ClickHouseErrors.isTransient(new ClickHouseSinkException("gave up", new ConnectException()))).isFalse();
    }

    @Test
    void descriptionIsOneLineWithTheServersMessage() {
        assertThat(ClickHouseErrors.describe(new ExecutionException(legacy(27, 500, "Cannot parse input:\n at row 1"))))
                .isEqualTo("ServerException: Code: 27, e.displayText() = DB::Exception: Cannot parse input: at row 1, "
                        + "e.what() = DB::Exception (transport error: 500)");
    }
}
