package io.tapflow.sink.elasticsearch;

import java.io.IOException;

/** The sink gave up: the server stayed unreachable or overloaded past the retry budget, or refused a whole request. */
public final class ElasticsearchSinkException extends IOException {
    public ElasticsearchSinkException(String message) {
        super(message);
    }

    public ElasticsearchSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
