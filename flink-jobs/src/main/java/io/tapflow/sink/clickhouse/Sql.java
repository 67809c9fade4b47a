package io.tapflow.sink.clickhouse;

/** Quoting for the SQL the sink generates; every name and literal goes through here. */
final class Sql {
    private Sql() {}

    /** A back-quoted identifier (supported by every ClickHouse version, including 18.16). */
    static String id(String name) {
        return '`' + name.replace("\\", "\\\\").replace("`", "\\`") + '`';
    }

    static String id(String database, String table) {
        return id(database) + '.' + id(table);
    }

    /** A single-quoted string literal. */
    static String str(String value) {
        return '\'' + value.replace("\\", "\\\\").replace("'", "\\'") + '\'';
    }
}
