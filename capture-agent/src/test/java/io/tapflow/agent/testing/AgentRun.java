package io.tapflow.agent.testing;

import io.tapflow.agent.Agent;
import io.tapflow.agent.AgentCommandLine;
import io.tapflow.agent.metrics.MetricNames;
import io.tapflow.agent.metrics.MetricsSnapshot;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An agent running in the test's JVM, configured by command-line arguments as a user would. */
public final class AgentRun implements AutoCloseable {
    private final Agent agent;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private AgentRun(Agent agent) {
        this.agent = agent;
    }

    public static AgentRun start(InputStream stdin, String... args) {
        Agent agent = new Agent(AgentCommandLine.parse(List.of(args), Map.of()).loader().build(), stdin);
        AgentRun run = new AgentRun(agent);
        Thread t = new Thread(() -> {
            try {
                run.exit.complete(agent.run());
            } catch (Throwable e) {
                run.exit.completeExceptionally(e);
            }
        }, "test-agent");
        t.setDaemon(true);
        t.start();
        return run;
    }

    public static AgentRun start(String... args) {
        return start(InputStream.nullInputStream(), args);
    }

    public MetricsSnapshot metrics() {
        return agent.metrics();
    }

    /** Waits until a capture source with this label reports metrics (its capture has started). */
    public void awaitSource(String source, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!metrics().totalsBy(MetricNames.PACKETS_CAPTURED, MetricNames.SOURCE).containsKey(source)) {
            if (exit.isDone()) {
                throw new AssertionError("agent ended before capturing on " + source + ": " + exitDescription());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("agent did not start capturing on " + source + " within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    /** Waits for the agent to end by itself (file replay); returns its exit status. */
    public int awaitExit(Duration timeout) throws Exception {
        return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the agent (as SIGTERM would) and returns its exit status. */
    public int stop(Duration timeout) throws Exception {
        agent.stop();
        return awaitExit(timeout);
    }

    private String exitDescription() {
        try {
            return "exit status " + exit.getNow(null);
        } catch (Exception e) {
            return e.getCause() == null ? e.toString() : e.getCause().toString();
        }
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            agent.stop();
            try {
                exit.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the test already failed or is reporting another problem
            }
        }
    }
}
