package io.tapflow.sink.elasticsearch;

import io.tapflow.schema.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default dead-letter handler: the reason goes to the log, the document is dropped. */
enum LoggingDeadLetters implements DeadLetterHandler {
    INSTANCE;

    private static final Logger LOG = LoggerFactory.getLogger(LoggingDeadLetters.class);

    @Override
    public void accept(DeadLetter letter) {
        LOG.warn("{}", letter.getReason());
    }
}
