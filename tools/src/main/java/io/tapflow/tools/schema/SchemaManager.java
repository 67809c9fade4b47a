package io.tapflow.tools.schema;

import io.tapflow.schema.codec.SchemaCatalog;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command line of the ClickHouse schema manager.
 *
 * <pre>
 * SchemaManager print     [--target modern|legacy|cluster] [--cluster NAME] [--retention DB.TABLE=DAYS]...
 * SchemaManager apply     [CONNECTION] [--target auto|modern|legacy|cluster] [--cluster NAME] [--retention DB.TABLE=DAYS]...
 * SchemaManager status    [CONNECTION]
 * SchemaManager retention [CONNECTION] [--retention DB.TABLE=DAYS]... [--max-disk-bytes N] [--dry-run]
 * SchemaManager rollup    [CONNECTION] [--from YYYY-MM-DD] [--to YYYY-MM-DD]   (rebuild 1 h / 1 d rollups; default today, UTC)
 *
 * every command also takes --database-prefix P (default none): databases become P + flow_log, P + tapflow_meta, ...
 * CONNECTION: --host H (127.0.0.1) --port P ($TAPFLOW_CLICKHOUSE_HTTP_PORT or 18123)
 *             --user U ($TAPFLOW_CLICKHOUSE_USER or default) --password P ($TAPFLOW_CLICKHOUSE_PASSWORD or empty)
 * </pre>
 *
 * {@code --print} is accepted for {@code print}. With {@code --target auto} (the default of apply)
 * the server's version decides: 21.8 and later get the modern rendering, older ones the legacy one.
 * Exit status: 0 done, 1 failed (the server's message is printed), 2 bad usage.
 */
public final class SchemaManager {

    private SchemaManager() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("schema: " + e.getMessage());
            err.println("usage: SchemaManager print|apply|status|retention|rollup [options] (see docs/schemas.md, docs/metrics.md)");
            return 2;
        }
        try {
            switch (a.command) {
                case "print" -> out.print(plan(a.options(a.target == null ? RenderTarget.MODERN : a.target)).script());
                case "apply" -> {
                    ClickHouseHttp ch = a.connection();
                    ServerVersion version = ch.version();
                    RenderTarget target = a.target == null ? version.singleNodeTarget() : a.target;
                    out.println("ClickHouse " + version.text() + " at " + ch.endpoint() + ": " + target + " rendering");
                    MigrationRunner.Result r = new MigrationRunner(ch, plan(a.options(target)), out).apply();
                    out.println(r.applied().size() + " migrations applied, " + r.alreadyApplied().size() + " already present"
                            + (r.checksumChanged().isEmpty() ? "" : ", " + r.checksumChanged().size() + " changed since applied (see warnings)"));
                }
                case "status" -> {
                    ClickHouseHttp ch = a.connection();
                    ServerVersion version = ch.version();
                    RenderTarget target = a.target == null ? version.singleNodeTarget() : a.target;
                    MigrationPlan plan = plan(a.options(target));
                    Map<String, String> applied = new MigrationRunner(ch, plan, out).appliedChecksums();
                    out.println("ClickHouse " + version.text() + " at " + ch.endpoint());
                    int pending = 0;
                    for (Migration m : plan.migrations()) {
                        boolean done = applied.containsKey(m.id());
                        pending += done ? 0 : 1;
                        out.printf("  %-8s %s%n", done ? "applied" : "PENDING", m.id());
                    }
                    return pending == 0 ? 0 : 1;
                }
                case "rollup" -> {
                    ClickHouseHttp ch = a.connection();
                    RenderTarget target = a.target == null ? ch.version().singleNodeTarget() : a.target;
                    LocalDate to = a.to == null ? PartitionRetention.todayUtc() : a.to;
                    LocalDate from = a.from == null ? to : a.from;
                    new RollupRebuild(ch, a.options(target), SchemaCatalog.fromClasspath(), out).rebuild(from, to);
                }
                case "retention" -> {
                    ClickHouseHttp ch = a.connection();
                    RenderOptions options = a.options(RenderTarget.LEGACY);
                    var dropped = new PartitionRetention(ch, options, out).enforce(PartitionRetention.todayUtc(), a.maxDiskBytes, a.dryRun);
                    out.println(dropped.size() + " partitions " + (a.dryRun ? "would be " : "") + "dropped");
                }
                default -> throw new IllegalStateException(a.command);
            }
            return 0;
        } catch (ClickHouseHttp.ClickHouseException | IllegalStateException | IllegalArgumentException e) {
            err.println("schema: " + e.getMessage());
            return 1;
        }
    }

    private static MigrationPlan plan(RenderOptions options) {
        return new MigrationPlan(SchemaCatalog.fromClasspath(), new DdlRenderer(options));
    }

    /** Parsed command line. */
    private static final class Arguments {
        String command;
        RenderTarget target;
        String cluster = RenderOptions.DEFAULT_CLUSTER;
        String databasePrefix = "";
        final List<String[]> retention = new ArrayList<>();
        String host = "127.0.0.1";
        int port = Integer.parseInt(System.getenv().getOrDefault("TAPFLOW_CLICKHOUSE_HTTP_PORT", "18123"));
        String user = System.getenv().getOrDefault("TAPFLOW_CLICKHOUSE_USER", "default");
        String password = System.getenv().getOrDefault("TAPFLOW_CLICKHOUSE_PASSWORD", "");
        long maxDiskBytes;
        boolean dryRun;
        LocalDate from;
        LocalDate to;

        static Arguments parse(String[] args) {
            Arguments a = new Arguments();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "print", "--print", "apply", "status", "retention", "rollup" -> {
                        if (a.command != null) {
                            throw new IllegalArgumentException("two commands: " + a.command + " and " + arg);
                        }
                        a.command = arg.replace("--", "");
                    }
                    case "--target" -> {
                        String t = value(args, ++i, arg).toUpperCase(Locale.ROOT);
                        a.target = t.equals("AUTO") ? null : parseTarget(t);
                    }
                    case "--cluster" -> a.cluster = value(args, ++i, arg);
                    case "--database-prefix" -> a.databasePrefix = value(args, ++i, arg);
                    case "--retention" -> {
                        String[] kv = value(args, ++i, arg).split("=", 2);
                        if (kv.length != 2 || Tables.byName(kv[0]).isEmpty()) {
                            throw new IllegalArgumentException("--retention wants DB.TABLE=DAYS with a managed table, got " + args[i]);
                        }
                        kv[0] = Tables.byName(kv[0]).get().qualifiedName(); // a rollup's view name means its storage
                        a.retention.add(kv);
                    }
                    case "--host" -> a.host = value(args, ++i, arg);
                    case "--port" -> a.port = Integer.parseInt(value(args, ++i, arg));
                    case "--user" -> a.user = value(args, ++i, arg);
                    case "--password" -> a.password = value(args, ++i, arg);
                    case "--max-disk-bytes" -> a.maxDiskBytes = Long.parseLong(value(args, ++i, arg));
                    case "--dry-run" -> a.dryRun = true;
                    case "--from" -> a.from = day(value(args, ++i, arg));
                    case "--to" -> a.to = day(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            if (a.command == null) {
                throw new IllegalArgumentException("no command given");
            }
            return a;
        }

        private static RenderTarget parseTarget(String t) {
            try {
                return RenderTarget.valueOf(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--target must be auto, modern, legacy or cluster, got " + t.toLowerCase(Locale.ROOT));
            }
        }

        private static LocalDate day(String s) {
            try {
                return LocalDate.parse(s);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("a day is YYYY-MM-DD, got '" + s + "'");
            }
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        RenderOptions options(RenderTarget t) {
            RenderOptions o = new RenderOptions(t, cluster, Map.of(), databasePrefix);
            for (String[] kv : retention) {
                o = o.withTtl(kv[0], Integer.parseInt(kv[1]));
            }
            return o;
        }

        ClickHouseHttp connection() {
            return new ClickHouseHttp(host, port, user, password);
        }
    }
}
