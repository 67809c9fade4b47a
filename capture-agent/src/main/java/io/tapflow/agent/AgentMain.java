package io.tapflow.agent;

import io.tapflow.agent.config.AgentConfig;
import io.tapflow.agent.config.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of {@code tapflow agent}: arguments → configuration → {@link Agent}. */
public final class AgentMain {
    private static final Logger LOG = LoggerFactory.getLogger(AgentMain.class);
    public static final int EXIT_CONFIG = 2;

    private AgentMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        AgentCommandLine cli;
        AgentConfig config;
        try {
            cli = AgentCommandLine.parse(List.of(args), System.getenv());
            if (cli.action() == AgentCommandLine.Action.HELP) {
                System.out.print(AgentCommandLine.USAGE);
                return Agent.EXIT_OK;
            }
            config = cli.loader().build();
        } catch (ConfigException e) {
            System.err.println("tapflow agent: configuration error:\n  " + e.getMessage().replace("\n", "\n  "));
            return EXIT_CONFIG;
        }
        if (cli.action() == AgentCommandLine.Action.PRINT_CONFIG) {
            System.out.print(cli.loader().describe());
            return Agent.EXIT_OK;
        }
        Agent agent = new Agent(config, System.in);
        CountDownLatch finished = new CountDownLatch(1);
        Duration drain = config.kafka().deliveryTimeout().plusSeconds(10);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.stop();
            try {
                // let run() flush pending batches and hand them to Kafka before the JVM goes
                finished.await(drain.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "agent-shutdown"));
        try {
            LOG.info("tapflow agent {} starting (tap_type {}, Kafka {})", config.agent().id(), config.agent().tapType(),
                    config.kafka().enabled() ? config.kafka().bootstrapServers() + " topic " + config.kafka().topic() : "disabled");
            return agent.run();
        } catch (ConfigException e) {
            System.err.println("tapflow agent: configuration error:\n  " + e.getMessage().replace("\n", "\n  "));
            return EXIT_CONFIG;
        } catch (Exception e) {
            LOG.error("tapflow agent failed: {}", e.getMessage(), e);
            return Agent.EXIT_FAILURE;
        } finally {
            finished.countDown();
        }
    }
}
