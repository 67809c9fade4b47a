package io.tapflow.sink.clickhouse;

import com.clickhouse.client.api.ClientException;
import com.clickhouse.client.api.ClientMisconfigurationException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.DataTransferException;
import com.clickhouse.client.api.ServerException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sorts failures into transient (retry with backoff) and permanent (fail now, with the server's
 * message). ClickHouse 18.16 answers most errors with HTTP 500, including parse errors and type
 * mismatches, and does not send the X-ClickHouse-Exception-Code header (client-v2 then reports
 * code 0), so the decision rests on the "Code: N" at the start of the server's message.
 */
final class ClickHouseErrors {
    private ClickHouseErrors() {}

    static final int TABLE_ALREADY_EXISTS = 57;
    static final int DATABASE_ALREADY_EXISTS = 82;
    static final int QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING = 216;

    /**
     * Server error codes that the same request will meet again: bad SQL or data, unknown names,
     * type errors, authentication and permissions. Any other server code (timeouts, memory limits,
     * too many parts or queries, network errors between servers) is retried.
     */
    private static final Set<Integer> PERMANENT = Set.of(
            1, 2, // UNSUPPORTED_METHOD, UNSUPPORTED_PARAMETER
            6, 26, 27, 38, 41, 72, 130, // CANNOT_PARSE_TEXT / _QUOTED_STRING / _INPUT_ASSERTION_FAILED / _DATE / _DATETIME / _NUMBER, CANNOT_READ_ARRAY_FROM_TEXT
            8, 10, 16, 20, 47, // THERE_IS_NO_COLUMN, NOT_FOUND_COLUMN_IN_BLOCK, NO_SUCH_COLUMN_IN_TABLE, NUMBER_OF_COLUMNS_DOESNT_MATCH, UNKNOWN_IDENTIFIER
            36, 43, 44, 46, 48, 50, 53, 69, 70, // BAD_ARGUMENTS, ILLEGAL_TYPE_OF_ARGUMENT, ILLEGAL_COLUMN, UNKNOWN_FUNCTION, NOT_IMPLEMENTED, UNKNOWN_TYPE, TYPE_MISMATCH, ARGUMENT_OUT_OF_BOUND, CANNOT_CONVERT_TYPE
            57, 60, 62, 73, 81, 115, 117, 131, // TABLE_ALREADY_EXISTS, UNKNOWN_TABLE, SYNTAX_ERROR, UNKNOWN_FORMAT, UNKNOWN_DATABASE, UNKNOWN_SETTING, INCORRECT_DATA, TOO_LARGE_STRING_SIZE
            164, 190, 192, 193, 194, 195, 291, 349, 386, 497, 516); // READONLY, SIZES_OF_ARRAYS_DOESNT_MATCH, UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD, IP_ADDRESS_NOT_ALLOWED, DATABASE_ACCESS_DENIED, CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN, NO_COMMON_TYPE, ACCESS_DENIED, AUTHENTICATION_FAILED

    private static final Pattern CODE = Pattern.compile("^\\s*Code:\\s*(\\d+)");
    /** How client-v2 reports an HTTP status it has no mapping for (504, for one). */
    private static final Pattern UNEXPECTED_STATUS = Pattern.compile("Unexpected result status (\\d+)");

    /** The failure itself, without the wrappers of futures. */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The ClickHouse error code of a server error, 0 when unknown. */
    static int serverCode(Throwable t) {
        Throwable e = unwrap(t);
        if (!(e instanceof ServerException se)) {
            return 0;
        }
        if (se.getCode() > 0) {
            return se.getCode();
        }
        Matcher m = CODE.matcher(String.valueOf(se.getMessage()));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    static boolean isTransient(Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof ClickHouseSinkException) {
            return false; // the sink already gave up, or found its own data inconsistent
        }
        if (e instanceof ServerException se) {
            int code = serverCode(se);
            if (code > 0) {
                return !PERMANENT.contains(code);
            }
            return retryableStatus(se.getTransportProtocolCode()); // a proxy or load balancer answered
        }
        if (e instanceof ClientException && e.getMessage() != null) {
            Matcher m = UNEXPECTED_STATUS.matcher(e.getMessage());
            if (m.find()) {
                return retryableStatus(Integer.parseInt(m.group(1)));
            }
        }
        if (e instanceof ClientMisconfigurationException) {
            return false;
        }
        if (e instanceof ConnectionInitiationException || e instanceof DataTransferException) {
            return true; // connection refused or reset, socket timeout
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static boolean retryableStatus(int http) {
        return http >= 500 || http == 408 || http == 429;
    }

    /** One line for logs and exceptions: the server's message, or the client's with its cause. */
    static String describe(Throwable t) {
        Throwable e = unwrap(t);
        String msg = String.valueOf(e.getMessage()).strip().replaceAll("\\s*\\n\\s*", " ");
        Throwable cause = e.getCause();
        if (!(e instanceof ServerException) && cause != null && cause != e) {
            msg += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        return e.getClass().getSimpleName() + ": " + msg;
    }
}
