package io.tapflow.sink.clickhouse;

import java.io.Serializable;

/**
 * Turns one element into the fields of one JSONEachRow row of the target table. The sink opens
 * the row object, may add fields of its own (the exactly-once staging columns), calls
 * {@link #serialize}, and closes the object: an implementation writes {@code key(..).value(..)}
 * pairs only.
 *
 * <p>Instances are serialized into the job graph and opened once per parallel writer.
 *
 * @param <T> the element type
 */
public interface ClickHouseRowSerializer<T> extends Serializable {

    /**
     * Called once per writer, before the first row, with the target table's columns as the server
     * reports them. Check the mapping here and fail with a clear message (a field without a
     * column, a type that cannot hold the value), rather than on the first row.
     */
    default void open(TableColumns table) {}

    /** Writes the element's fields; a field left out gets the column's default. */
    void serialize(T element, JsonRowWriter row);
}
