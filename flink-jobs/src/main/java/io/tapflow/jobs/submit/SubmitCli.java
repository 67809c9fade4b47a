package io.tapflow.jobs.submit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapflow.jobs.FlowJobOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Java side of {@code ./tapflow submit}, {@code ./tapflow savepoint} and {@code ./tapflow jobs}:
 * talks to a Flink session cluster over REST. The scripts build the job jar and resolve the URL.
 */
public final class SubmitCli {
    static final String USAGE = """
            usage: SubmitCli submit    --flink-rest URL --jar PATH [--entry-class CLASS] [--from-savepoint PATH]
                                       [--allow-non-restored-state] [--] [JOB ARGS...]
                   SubmitCli savepoint --flink-rest URL JOB_ID [--stop] [--target-dir URI] [--timeout SECONDS]
                   SubmitCli jobs      --flink-rest URL
                   SubmitCli cancel    --flink-rest URL JOB_ID""";
    static final String DEFAULT_ENTRY_CLASS = "io.tapflow.jobs.FlowJob";

    private final PrintStream out;
    private final PrintStream err;

    SubmitCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new SubmitCli(System.out, System.err).run(args));
    }

    /** Runs one command; returns the exit code (0 ok, 1 failed, 2 usage). */
    int run(String[] args) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        try {
            Arguments a = Arguments.parse(args);
            FlinkRestClient flink = new FlinkRestClient(a.flinkRest);
            return switch (args[0]) {
                case "submit" -> submit(flink, a);
                case "savepoint" -> savepoint(flink, a);
                case "jobs" -> jobs(flink);
                case "cancel" -> {
                    flink.cancel(a.single("JOB_ID"));
                    out.println("job " + a.single("JOB_ID") + " canceled");
                    yield 0;
                }
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            };
        } catch (JobOptionsException e) {
            err.println("tapflow: error: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("tapflow: error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("tapflow: error: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int submit(FlinkRestClient flink, Arguments a) throws IOException, InterruptedException {
        if (a.jar == null || !Files.isRegularFile(a.jar)) {
            throw new IllegalArgumentException("--jar: no job jar at " + a.jar);
        }
        if (a.entryClass.equals(DEFAULT_ENTRY_CLASS)) {
            // checked here, not on the cluster: the JobManager runs main(), and FlowJob's System.exit on
            // bad options would end the JobManager itself (unless cluster.intercept-user-system-exit: THROW)
            try {
                FlowJobOptions.parse(a.rest.toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                throw new JobOptionsException("FlowJob options: " + e.getMessage() + " (./tapflow submit --help-job)");
            }
        }
        flink.overview();
        String jarId = flink.uploadJar(a.jar);
        String jobId;
        try {
            jobId = flink.runJar(jarId, a.entryClass, a.rest, a.fromSavepoint, a.allowNonRestoredState);
        } finally {
            // the submitted job carries its own copy; keeping uploads would pile up a jar per submit
            flink.deleteJar(jarId);
        }
        out.println("job " + jobId + " submitted" + (a.fromSavepoint == null ? "" : " from " + a.fromSavepoint));
        out.println("web UI: " + flink.baseUrl() + "/#/job/running/" + jobId + "/overview");
        String state = flink.awaitState(jobId, Set.of("RUNNING"), Duration.ofSeconds(60));
        out.println("state: " + state);
        if (FlinkRestClient.TERMINAL_STATES.contains(state) && !state.equals("FINISHED")) {
            err.println(flink.jobExceptions(jobId));
            return 1;
        }
        return 0;
    }

    private int savepoint(FlinkRestClient flink, Arguments a) throws IOException, InterruptedException {
        String jobId = a.single("JOB_ID");
        String trigger = flink.triggerSavepoint(jobId, a.targetDir, a.stop);
        out.println((a.stop ? "stopping job " : "savepoint of job ") + jobId + " triggered, waiting ...");
        String location = flink.awaitSavepoint(jobId, trigger, a.timeout);
        out.println("savepoint: " + location);
        if (a.stop) {
            out.println("state: " + flink.awaitState(jobId, Set.of(), Duration.ofSeconds(60)));
            out.println("resume with: ./tapflow submit --from-savepoint " + location + " -- <the same job options>");
        }
        return 0;
    }

    private int jobs(FlinkRestClient flink) throws IOException, InterruptedException {
        out.printf("%-32s  %-10s  %s%n", "JOB_ID", "STATE", "NAME");
        for (JsonNode job : flink.jobs()) {
            out.printf("%-32s  %-10s  %s%n", job.path("jid").asText(), job.path("state").asText(), job.path("name").asText());
        }
        return 0;
    }

    /** The job's options, not ours, are wrong: our usage would not help. */
    static final class JobOptionsException extends IllegalArgumentException {
        JobOptionsException(String message) {
            super(message);
        }
    }

    /** Options before {@code --} (or before the first argument this parser does not know) are ours; the rest go to the job. */
    static final class Arguments {
        String flinkRest = "http://127.0.0.1:" + env("TAPFLOW_FLINK_REST_PORT", "18081");
        Path jar;
        String entryClass = DEFAULT_ENTRY_CLASS;
        String fromSavepoint;
        boolean allowNonRestoredState;
        boolean stop;
        String targetDir;
        Duration timeout = Duration.ofMinutes(10);
        final List<String> positional = new ArrayList<>();
        final List<String> rest = new ArrayList<>();

        static Arguments parse(String[] args) {
            Arguments a = new Arguments();
            boolean submit = args[0].equals("submit");
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--" -> {
                        a.rest.addAll(List.of(args).subList(i + 1, args.length));
                        return a;
                    }
                    case "--flink-rest" -> a.flinkRest = value(args, ++i, arg);
                    case "--jar" -> a.jar = Path.of(value(args, ++i, arg));
                    case "--entry-class" -> a.entryClass = value(args, ++i, arg);
                    case "--from-savepoint" -> a.fromSavepoint = value(args, ++i, arg);
                    case "--allow-non-restored-state" -> a.allowNonRestoredState = true;
                    case "--stop" -> a.stop = true;
                    case "--target-dir" -> a.targetDir = value(args, ++i, arg);
                    case "--timeout" -> a.timeout = Duration.ofSeconds(Long.parseLong(value(args, ++i, arg)));
                    default -> {
                        if (submit) {
                            // the job's own options, without a separating --
                            a.rest.addAll(List.of(args).subList(i, args.length));
                            return a;
                        }
                        if (arg.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        a.positional.add(arg);
                    }
                }
            }
            return a;
        }

        String single(String name) {
            if (positional.size() != 1) {
                throw new IllegalArgumentException("expected one " + name + ", got " + positional);
            }
            return positional.get(0);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static String env(String name, String fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : v;
        }
    }
}
