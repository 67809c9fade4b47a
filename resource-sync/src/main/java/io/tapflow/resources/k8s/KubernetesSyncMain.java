package io.tapflow.resources.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.tapflow.resources.publish.KafkaResourceTopic;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Kubernetes sync until stopped. The API server comes from the usual places (in-cluster
 * service account, KUBECONFIG, ~/.kube/config).
 *
 * <pre>
 * KubernetesSyncMain --cluster-id N --cluster-name NAME --vpc-id N [--region-id N] [--az-id N]
 *                    [--kafka-bootstrap HOST:PORT] [--topic tapflow.resources]
 * </pre>
 */
public final class KubernetesSyncMain {
    private KubernetesSyncMain() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = "127.0.0.1:" + System.getenv().getOrDefault("TAPFLOW_KAFKA_PORT", "19092");
        String topic = "tapflow.resources";
        int clusterId = 0;
        int vpcId = 0;
        int regionId = 0;
        int azId = 0;
        String name = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--cluster-id" -> clusterId = Integer.parseInt(v);
                case "--cluster-name" -> name = v;
                case "--vpc-id" -> vpcId = Integer.parseInt(v);
                case "--region-id" -> regionId = Integer.parseInt(v);
                case "--az-id" -> azId = Integer.parseInt(v);
                case "--kafka-bootstrap" -> bootstrap = v;
                case "--topic" -> topic = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        KubernetesSyncConfig config = new KubernetesSyncConfig(clusterId, name, vpcId, regionId, azId, System.currentTimeMillis(),
                Duration.ofMillis(200), Duration.ofHours(1));
        try (KafkaResourceTopic out = new KafkaResourceTopic(bootstrap, topic, "tapflow-k8s-sync-" + name);
                KubernetesClient client = new KubernetesClientBuilder().build()) {
            out.ensureTopic(1);
            try (KubernetesSync sync = new KubernetesSync(client, config, out, out.readAll().values(), Clock.systemUTC())) {
                sync.start(5, TimeUnit.MINUTES);
                System.out.println("kubernetes sync: cluster " + name + " (" + clusterId + ") published to " + topic + "; watching");
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            }
        }
    }
}
