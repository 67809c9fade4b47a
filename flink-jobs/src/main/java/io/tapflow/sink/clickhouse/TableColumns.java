package io.tapflow.sink.clickhouse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The columns of the target table as the server describes them ({@code system.columns}), in
 * table order. Serializers get it before the first row, so they render each value for the
 * column's real type: the schema manager creates modern types on new servers and fallbacks on
 * ClickHouse 18.16, and the same record must land in both.
 */
public final class TableColumns {

    /** How a column gets its value when an insert does not provide it. */
    public enum DefaultKind {
        /** A stored column without a default expression. */
        NONE,
        /** A stored column with a DEFAULT expression, used when the insert omits it. */
        DEFAULT,
        /** A stored column always computed from its expression; inserts cannot provide it. */
        MATERIALIZED,
        /** Not stored: computed on read. */
        ALIAS,
        /** Not stored: an insert-only input for the expressions of other columns. */
        EPHEMERAL
    }

    /** One column. */
    public record Column(String name, ColumnType type, DefaultKind defaultKind, String defaultExpression) {
        /** Whether inserts write this column (directly or through its DEFAULT). */
        public boolean insertable() {
            return defaultKind == DefaultKind.NONE || defaultKind == DefaultKind.DEFAULT;
        }
    }

    private final String database;
    private final String table;
    private final List<Column> columns;
    private final Map<String, Column> byName = new LinkedHashMap<>();

    public TableColumns(String database, String table, List<Column> columns) {
        this.database = database;
        this.table = table;
        this.columns = List.copyOf(columns);
        for (Column c : this.columns) {
            byName.put(c.name(), c);
        }
    }

    public String database() {
        return database;
    }

    public String table() {
        return table;
    }

    public List<Column> columns() {
        return columns;
    }

    public Optional<Column> column(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public String qualifiedName() {
        return database + '.' + table;
    }

    static DefaultKind kind(String defaultKind) {
        return defaultKind == null || defaultKind.isEmpty()
                ? DefaultKind.NONE
                : DefaultKind.valueOf(defaultKind.toUpperCase(Locale.ROOT));
    }
}
