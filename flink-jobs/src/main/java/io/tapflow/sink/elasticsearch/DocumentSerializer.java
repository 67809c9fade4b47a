package io.tapflow.sink.elasticsearch;

import java.io.IOException;
import java.io.Serializable;

/**
 * Turns one stream element into one Elasticsearch document: the index it belongs to, a
 * deterministic id (so a replay after a failure overwrites instead of duplicating), and its JSON
 * source.
 */
public interface DocumentSerializer<T> extends Serializable {
    String index(T element);

    String id(T element);

    byte[] source(T element) throws IOException;
}
