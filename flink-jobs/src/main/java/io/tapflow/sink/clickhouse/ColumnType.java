package io.tapflow.sink.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A ClickHouse column type as {@code system.columns} prints it, parsed just enough to choose how a
 * value is rendered: the base name without {@code LowCardinality}/{@code Nullable} wrappers, its
 * arguments, and whether NULL is allowed. {@code LowCardinality(String)} renders like
 * {@code String}, so the wrapper is dropped.
 */
public final class ColumnType {
    private final String text;
    private final String base;
    private final List<String> args;
    private final boolean nullable;

    private ColumnType(String text, String base, List<String> args, boolean nullable) {
        this.text = text;
        this.base = base;
        this.args = args;
        this.nullable = nullable;
    }

    public static ColumnType parse(String text) {
        String t = text.trim();
        boolean nullable = false;
        while (true) {
            if (t.startsWith("LowCardinality(") && t.endsWith(")")) {
                t = t.substring("LowCardinality(".length(), t.length() - 1).trim();
            } else if (t.startsWith("Nullable(") && t.endsWith(")")) {
                t = t.substring("Nullable(".length(), t.length() - 1).trim();
                nullable = true;
            } else {
                break;
            }
        }
        int open = t.indexOf('(');
        if (open < 0) {
            return new ColumnType(text.trim(), t, List.of(), nullable);
        }
        if (!t.endsWith(")")) {
            throw new IllegalArgumentException("unbalanced ClickHouse type: " + text);
        }
        return new ColumnType(text.trim(), t.substring(0, open).trim(),
                splitTopLevel(t.substring(open + 1, t.length() - 1)), nullable);
    }

    /** Splits "a, Tuple(b, c), 'x,y'" at the commas that are not nested or quoted. */
    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '\'') {
                    quoted = false;
                }
            } else if (c == '\'') {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(s.substring(start).trim());
        return List.copyOf(out);
    }

    /** The type as the server printed it, e.g. {@code LowCardinality(String)}. */
    public String text() {
        return text;
    }

    /** The base name, e.g. {@code DateTime64}, {@code FixedString}, {@code Array}. */
    public String base() {
        return base;
    }

    public List<String> args() {
        return args;
    }

    public boolean nullable() {
        return nullable;
    }

    public boolean is(String name) {
        return base.equals(name);
    }

    /** The element type of an {@code Array(T)}. */
    public ColumnType element() {
        if (!is("Array") || args.size() != 1) {
            throw new IllegalStateException(text + " is not an Array");
        }
        return parse(args.get(0));
    }

    /** The digits after the decimal point of a {@code DateTime64(p[, tz])}. */
    public int precision() {
        if (!is("DateTime64") || args.isEmpty()) {
            throw new IllegalStateException(text + " is not a DateTime64(p)");
        }
        return Integer.parseInt(args.get(0));
    }

    public boolean isInteger() {
        return base.matches("U?Int(8|16|32|64|128|256)");
    }

    public boolean isNumeric() {
        return isInteger() || base.startsWith("Float") || base.startsWith("Decimal")
                || base.equals("Bool") || base.equals("Boolean");
    }

    /** String-like columns that take text, or raw bytes, as a JSON string. */
    public boolean isString() {
        return base.equals("String") || base.equals("FixedString");
    }

    public boolean isEnum() {
        return base.startsWith("Enum");
    }

    @Override
    public String toString() {
        return text;
    }

    boolean mentions(String typeName) {
        return text.toLowerCase(Locale.ROOT).contains(typeName.toLowerCase(Locale.ROOT));
    }
}
