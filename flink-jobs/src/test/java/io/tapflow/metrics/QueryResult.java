package io.tapflow.metrics;

import java.util.ArrayList;
import java.util.List;

/** A query result read from ClickHouse's TabSeparatedWithNames output. */
record QueryResult(List<String> columns, List<List<String>> rows) {

    static QueryResult parse(String tsv) {
        List<String> lines = new ArrayList<>(List.of(tsv.split("\n")));
        lines.removeIf(String::isEmpty);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no header in the result");
        }
        List<String> columns = List.of(lines.get(0).split("\t", -1));
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> row = new ArrayList<>();
            for (String f : line.split("\t", -1)) {
                row.add(f.equals("\\N") ? null : f.replace("\\t", "\t").replace("\\n", "\n").replace("\\\\", "\\"));
            }
            rows.add(row);
        }
        return new QueryResult(columns, rows);
    }

    int size() {
        return rows.size();
    }

    String text(int row, String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + column + " in " + columns);
        }
        return rows.get(row).get(i);
    }

    double num(int row, String column) {
        String v = text(row, column);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    long whole(int row, String column) {
        return Long.parseLong(text(row, column));
    }
}
