package io.tapflow.stack.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner;

/**
 * Runs one real Elasticsearch 7.10 node (through codelibs' cluster runner) bound to 127.0.0.1 only.
 *
 * <p>The runner's own main picks "the next free port" above a base port, which would silently move the
 * node when the configured port is taken; this main pins both ports and fails instead, so the scripts'
 * port check and health probe always talk about the same port. Usage:
 * {@code ElasticsearchNode HOME_DIR HTTP_PORT TRANSPORT_PORT}.
 */
public final class ElasticsearchNode {

    private static final String CLUSTER_NAME = "tapflow";

    private ElasticsearchNode() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ElasticsearchNode HOME_DIR HTTP_PORT TRANSPORT_PORT");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int httpPort = Integer.parseInt(args[1]);
        int transportPort = Integer.parseInt(args[2]);

        // The runner copies its log config (debug logging for every action) only when none exists.
        Path configDir = home.resolve("node_1").resolve("config");
        Files.createDirectories(configDir);
        try (InputStream log4j = ElasticsearchNode.class.getResourceAsStream("log4j2.properties")) {
            Files.copy(log4j, configDir.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }

        ElasticsearchClusterRunner runner = new ElasticsearchClusterRunner();
        // the runner would probe upwards from (base + node number) and only up to 9299
        runner.setMaxHttpPort(-1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(runner), "es-node-shutdown"));
        try {
            runner.onBuild((number, settings) -> settings
                    .put("network.host", "127.0.0.1")
                    .put("http.port", httpPort)
                    .put("transport.port", transportPort)
                    .put("discovery.type", "single-node")
                    // a nearly full dev disk must not turn indices read-only under the tests
                    .put("cluster.routing.allocation.disk.threshold_enabled", false)
                    .put("node.name", "tapflow-es"))
                .build(ElasticsearchClusterRunner.newConfigs()
                    .basePath(home.toString())
                    .numOfNode(1)
                    .baseHttpPort(httpPort - 1)
                    .clusterName(CLUSTER_NAME));
        } catch (Throwable e) {
            e.printStackTrace();
            // node threads are not daemons: without an explicit exit a failed start would hang here
            System.exit(1);
        }
        System.out.println("tapflow: elasticsearch node started, http 127.0.0.1:" + httpPort);
        while (!runner.isClosed()) {
            Thread.sleep(1000);
        }
    }

    private static void close(ElasticsearchClusterRunner runner) {
        try {
            runner.close();
        } catch (IOException e) {
            System.err.println("tapflow: closing elasticsearch failed: " + e);
        }
    }
}
