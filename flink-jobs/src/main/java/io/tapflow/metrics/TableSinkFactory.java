package io.tapflow.metrics;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Makes the sink of one ClickHouse table, so the rollup does not depend on a particular sink. With
 * the project's ClickHouse sink (io.tapflow.sink.clickhouse):
 *
 * <pre>{@code
 * streams.sinkToTables(new TableSinkFactory() {
 *     public <T extends SpecificRecordBase> Sink<T> create(String database, String table, Class<T> type) {
 *         return new ClickHouseSink<>(ClickHouseSinkConfig.builder().table(database, table).build(),
 *                 AvroRowSerializer.forClass(type));
 *     }
 * });
 * }</pre>
 */
public interface TableSinkFactory {
    <T extends SpecificRecordBase> Sink<T> create(String database, String table, Class<T> type);
}
