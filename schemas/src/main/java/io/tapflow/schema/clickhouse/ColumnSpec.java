package io.tapflow.schema.clickhouse;

/**
 * One ClickHouse column derived from one Avro field.
 *
 * @param name    column name = Avro field name
 * @param type    parsed {@code clickhouse.type}
 * @param codec   {@code clickhouse.codec} (e.g. {@code DoubleDelta, ZSTD(1)}), or null for the server default
 * @param comment the field's doc, used as the column COMMENT so DESCRIBE TABLE documents the data
 * @param fieldPosition position of the field in its Avro record
 */
public record ColumnSpec(String name, ColumnType type, String codec, String comment, int fieldPosition) {
}
