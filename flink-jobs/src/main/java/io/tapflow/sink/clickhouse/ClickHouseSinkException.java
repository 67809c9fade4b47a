package io.tapflow.sink.clickhouse;

import java.io.IOException;

/** A request the sink gave up on: a permanent error, or a transient one that outlived its retries. */
public final class ClickHouseSinkException extends IOException {
    private static final long serialVersionUID = 1L;

    public ClickHouseSinkException(String message, Throwable cause) {
        super(message, cause);
    }

    public ClickHouseSinkException(String message) {
        super(message);
    }
}
