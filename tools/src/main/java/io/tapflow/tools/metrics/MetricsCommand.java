package io.tapflow.tools.metrics;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code ./tapflow metrics}: the metric dictionary and its SQL.
 *
 * <pre>
 * metrics sql --table DB.TABLE --from TIME --to TIME --select OP:METRIC[:PARAM]... [--group-by COL,...]
 *             [--where SQL] [--order-by SQL] [--limit N]
 * metrics dictionary [--format markdown|tsv]
 *
 * TIME: ISO-8601 instant (2024-01-01T00:00:00Z) or epoch seconds. OP: sum avg max min percentile
 * spread rspread stddev apdex distinct; PARAM: the percentile (default 95) or the Apdex threshold in
 * µs (default 100000). Group-by shortcuts: ip, ip_0, ip_1 (address text).
 * </pre>
 * Exit status: 0, or 2 on bad usage.
 */
public final class MetricsCommand {
    private MetricsCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new IllegalArgumentException("no command given");
            }
            switch (args[0]) {
                case "sql" -> out.println(query(args).sql() + ";");
                case "dictionary" -> {
                    String format = args.length >= 3 && args[1].equals("--format") ? args[2] : "markdown";
                    out.print(format.equals("tsv") ? DictionaryTable.tsv() : DictionaryTable.markdown());
                }
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("metrics: " + e.getMessage());
            err.println("usage: metrics sql --table DB.TABLE --from TIME --to TIME --select OP:METRIC[:PARAM]... [--group-by COL,...] "
                    + "[--where SQL] [--order-by SQL] [--limit N]\n       metrics dictionary [--format markdown|tsv]   (docs/metrics.md)");
            return 2;
        }
    }

    static MetricQuery query(String[] args) {
        String table = null;
        Long from = null;
        Long to = null;
        java.util.List<String[]> selects = new java.util.ArrayList<>();
        String groupBy = "";
        String where = "";
        String orderBy = "";
        int limit = 0;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[++i] : null;
            if (v == null) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            switch (a) {
                case "--table" -> table = v;
                case "--from" -> from = time(v);
                case "--to" -> to = time(v);
                case "--select" -> selects.add(v.split(":"));
                case "--group-by" -> groupBy = v;
                case "--where" -> where = v;
                case "--order-by" -> orderBy = v;
                case "--limit" -> limit = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (table == null || from == null || to == null || selects.isEmpty()) {
            throw new IllegalArgumentException("--table, --from, --to and at least one --select are required");
        }
        MetricQuery q = MetricQuery.on(table, from, to).where(where).orderBy(orderBy).limit(limit);
        if (!groupBy.isBlank()) {
            q.groupBy(groupBy.split("\\s*,\\s*"));
        }
        for (String[] s : selects) {
            if (s.length < 2 || s.length > 3) {
                throw new IllegalArgumentException("--select wants OP:METRIC[:PARAM], got " + String.join(":", s));
            }
            Operator op = Operator.parse(s[0]);
            q.select(op, s[1].toLowerCase(Locale.ROOT), s.length == 3 ? Double.parseDouble(s[2]) : MetricQuery.defaultParam(op));
        }
        return q;
    }

    private static long time(String v) {
        return v.matches("\\d+") ? Long.parseLong(v) : Instant.parse(v).getEpochSecond();
    }
}
