package io.tapflow.resources;

import io.tapflow.resources.catalog.CatalogException;
import io.tapflow.resources.catalog.CatalogLoader;
import io.tapflow.resources.catalog.CatalogPlan;
import io.tapflow.resources.publish.KafkaResourceTopic;
import io.tapflow.schema.Resource;
import io.tapflow.schema.ResourceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** {@code ./tapflow catalog ...}: check or load a declarative catalog, list the published one. */
public final class CatalogCommand {
    static final String USAGE = """
            usage: ./tapflow catalog load FILE [--kafka-bootstrap HOST:PORT] [--topic T] [--version N] [--prune] [--dry-run]
                   ./tapflow catalog check FILE
                   ./tapflow catalog list [--kafka-bootstrap HOST:PORT] [--topic T]
                   ./tapflow catalog bench [--resources N] [--cidrs N] [--seconds S]
              load     validate FILE (YAML or JSON) and publish every entry to the compacted topic in one
                       Kafka transaction (creating the topic compacted if missing); nothing is written
                       if any entry is wrong
              --prune  also delete entries this source (the file's 'source:', default its base name)
                       published before and the file no longer has; tombstones follow a day later
              --version N  version of every record (default: now in milliseconds; must grow per load)
              check    validate only
              list     print the published catalog, one entry per line
              bench    lookups per second per core (100 000 resources, 10 000 CIDRs by default)
            defaults: --kafka-bootstrap 127.0.0.1:$TAPFLOW_KAFKA_PORT (19092), --topic tapflow.resources
            """;

    private CatalogCommand() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (CatalogException e) {
            System.err.println("catalog: " + e.getMessage());
            System.exit(1);
        } catch (IllegalArgumentException e) {
            System.err.println("catalog: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (Exception e) {
            System.err.println("catalog: " + e);
            System.exit(1);
        }
    }

    /** Runs a command and returns its exit code (problems with the catalog throw CatalogException). */
    public static int run(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(USAGE);
            return 0;
        }
        String command = args[0];
        String file = null;
        String bootstrap = "127.0.0.1:" + System.getenv().getOrDefault("TAPFLOW_KAFKA_PORT", "19092");
        String topic = "tapflow.resources";
        long version = System.currentTimeMillis();
        boolean prune = false;
        boolean dryRun = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--kafka-bootstrap" -> bootstrap = value(args, ++i);
                case "--topic" -> topic = value(args, ++i);
                case "--version" -> version = Long.parseLong(value(args, ++i));
                case "--prune" -> prune = true;
                case "--dry-run" -> dryRun = true;
                default -> {
                    if (args[i].startsWith("--") || file != null) {
                        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                    }
                    file = args[i];
                }
            }
        }
        switch (command) {
            case "check", "load" -> {
                if (file == null) {
                    throw new IllegalArgumentException(command + " needs a FILE");
                }
                Path path = Path.of(file);
                if (!Files.isRegularFile(path)) {
                    throw new IllegalArgumentException("no such file: " + file);
                }
                Instant now = Instant.now();
                CatalogLoader.Catalog catalog = CatalogLoader.load(path, version, now);
                System.out.println(file + ": " + catalog.resources().size() + " entries valid (source '" + catalog.source() + "'): " + counts(catalog));
                if (command.equals("check") || dryRun) {
                    return 0;
                }
                try (KafkaResourceTopic t = new KafkaResourceTopic(bootstrap, topic, "tapflow-catalog-" + catalog.source())) {
                    t.ensureTopic(1);
                    Map<String, Resource> current = prune ? t.readAll() : Map.of();
                    CatalogPlan plan = CatalogPlan.of(catalog, current, prune, version, now, Duration.ofDays(1));
                    t.publish(plan.records(), plan.tombstoneKeys());
                    System.out.println("published " + plan.records().size() + " records (" + plan.deletes() + " deletes) and "
                            + plan.tombstoneKeys().size() + " tombstones to " + topic + " at " + bootstrap + ", version " + version);
                }
                return 0;
            }
            case "list" -> {
                try (KafkaResourceTopic t = new KafkaResourceTopic(bootstrap, topic, "unused")) {
                    for (Map.Entry<String, Resource> e : t.readAll().entrySet()) {
                        Resource r = e.getValue();
                        System.out.println(e.getKey() + "\tv" + r.getVersion() + (r.getDeleted() ? "\tDELETED" : "") + "\t" + r.getName());
                    }
                }
                return 0;
            }
            default -> throw new IllegalArgumentException("unknown command '" + command + "'");
        }
    }

    private static String counts(CatalogLoader.Catalog c) {
        Map<ResourceKind, Integer> n = new TreeMap<>();
        c.resources().forEach(r -> n.merge(r.getKind(), 1, Integer::sum));
        return n.toString();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
