package io.tapflow.resources.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tapflow.resources.publish.ResourceSink;
import io.tapflow.schema.Resource;
import io.tapflow.schema.ResourceKind;
import io.tapflow.schema.ResourceRef;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The sync against fabric8's mock API server in CRUD mode (it stores objects, assigns uids and
 * resourceVersions and serves list + watch; it is not a real API server: no controllers, no
 * scheduling, no admission — status is whatever the test writes).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesSyncTest {
    KubernetesClient client;

    /** Everything the sync published, in order. */
    static final class RecordingSink implements ResourceSink {
        final List<Resource> records = new CopyOnWriteArrayList<>();
        final List<String> tombstones = new CopyOnWriteArrayList<>();

        @Override
        public void publish(List<Resource> batch, List<String> tombstoneKeys) {
            records.addAll(batch);
            tombstones.addAll(tombstoneKeys);
        }

        Resource last(ResourceKind kind, Predicate<Resource> p) {
            Resource found = null;
            for (Resource r : records) {
                if (r.getKind() == kind && p.test(r)) {
                    found = r;
                }
            }
            return found;
        }

        Resource named(ResourceKind kind, String name) {
            return last(kind, r -> r.getName().equals(name));
        }
    }

    private final KubernetesSyncConfig config = new KubernetesSyncConfig(3, "prod", 100, 1, 11, 1,
            Duration.ofMillis(50), Duration.ofHours(1));

    @Test
    void mirrorsTheClusterAndOrdersAPodIpReuse() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").withLabels(Map.of(KubernetesSync.VM_LABEL, "31")).endMetadata()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.168.0.11").endAddress()
                .addNewAddress().withType("Hostname").withAddress("node-1").endAddress().endStatus().build()).create();
        Deployment cart = client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder()
                .withNewMetadata().withName("cart").endMetadata().withNewSpec().withReplicas(1).endSpec().build()).create();
        ReplicaSet rs = client.apps().replicaSets().inNamespace("shop").resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("cart-7d9f").addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment")
                .withName("cart").withUid(cart.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
                .build()).create();
        client.apps().replicaSets().inNamespace("shop").resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("bare").endMetadata().build()).create();
        client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("cart").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "cart")).withClusterIP("10.96.0.10").withClusterIPs("10.96.0.10").endSpec().build()).create();
        createPod("cart-7d9f-aaaaa", rs, "10.244.1.7");
        client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("agent").endMetadata()
                .withNewSpec().withNodeName("node-1").withHostNetwork(true).endSpec()
                .withNewStatus().withPhase("Running").withPodIP("192.168.0.11").endStatus().build()).create();

        RecordingSink sink = new RecordingSink();
        KubernetesSync sync = new KubernetesSync(client, config, sink, List.of(), Clock.systemUTC());
        sync.start(30, TimeUnit.SECONDS);

        Resource cluster = sink.last(ResourceKind.POD_CLUSTER, r -> true);
        assertThat(cluster.getId()).isEqualTo(3);
        assertThat(cluster.getRegionId()).isEqualTo(1);
        assertThat(cluster.getAzId()).isEqualTo(11);
        Resource ns = sink.named(ResourceKind.POD_NAMESPACE, "shop");
        Resource node = sink.named(ResourceKind.POD_NODE, "node-1");
        assertThat(node.getVmId()).isEqualTo(31);
        assertThat(ips(node)).containsExactly("192.168.0.11");
        Resource workload = sink.named(ResourceKind.WORKLOAD, "shop/cart");
        assertThat(workload.getAttributes()).containsEntry("k8s.kind", "Deployment");
        assertThat(sink.named(ResourceKind.WORKLOAD, "shop/cart-7d9f")).as("a ReplicaSet a Deployment owns is no workload").isNull();
        assertThat(sink.named(ResourceKind.WORKLOAD, "shop/bare")).as("a bare ReplicaSet is one").isNotNull();

        Resource podA = sink.named(ResourceKind.POD, "shop/cart-7d9f-aaaaa");
        assertThat(podA.getPodNsId()).isEqualTo(ns.getId());
        assertThat(podA.getPodNodeId()).isEqualTo(node.getId());
        assertThat(podA.getPodGroupId()).isEqualTo(workload.getId());
        assertThat(podA.getPodClusterId()).isEqualTo(3);
        assertThat(podA.getL3EpcId()).isEqualTo(100);
        assertThat(ips(podA)).containsExactly("10.244.1.7");
        assertThat(podA.getAttributes()).containsEntry("label/app", "cart");
        assertThat(ips(sink.named(ResourceKind.POD, "shop/agent"))).as("host-network pods bind no address").isEmpty();

        Resource svc = sink.named(ResourceKind.SERVICE, "shop/cart");
        assertThat(ips(svc)).containsExactly("10.96.0.10");
        assertThat(memberIds(svc)).containsExactly(podA.getId());

        // the pod dies and a new one gets its address
        client.pods().inNamespace("shop").withName("cart-7d9f-aaaaa").delete();
        awaitRecord(sync, sink, ResourceKind.POD, r -> r.getId() == podA.getId() && r.getDeleted());
        createPod("cart-7d9f-bbbbb", rs, "10.244.1.7");
        awaitRecord(sync, sink, ResourceKind.POD, r -> r.getName().equals("shop/cart-7d9f-bbbbb") && !ips(r).isEmpty());

        Resource deletedA = sink.last(ResourceKind.POD, r -> r.getId() == podA.getId());
        Resource podB = sink.named(ResourceKind.POD, "shop/cart-7d9f-bbbbb");
        assertThat(deletedA.getDeleted()).isTrue();
        assertThat(deletedA.getVersion()).isGreaterThan(podA.getVersion());
        assertThat(podB.getId()).isNotEqualTo(podA.getId());
        assertThat(podB.getVersion()).as("the new pod's claim is newer than the old pod's delete").isGreaterThan(deletedA.getVersion());
        assertThat(ips(podB)).containsExactly("10.244.1.7");
        Resource svcAfter = awaitRecord(sync, sink, ResourceKind.SERVICE, r -> memberIds(r).equals(List.of(podB.getId())));
        assertThat(svcAfter.getVersion()).isGreaterThan(svc.getVersion());

        // a namespace goes away: its deletion is published, the tombstone waits for the delay
        client.namespaces().withName("shop").delete();
        awaitRecord(sync, sink, ResourceKind.POD_NAMESPACE, r -> r.getId() == ns.getId() && r.getDeleted());
        assertThat(sink.tombstones).isEmpty();
        sync.close();

        // a restarted sync keeps every id it gave out
        RecordingSink again = new RecordingSink();
        try (KubernetesSync restarted = new KubernetesSync(client, config, again, sink.records, Clock.systemUTC())) {
            restarted.start(30, TimeUnit.SECONDS);
            assertThat(again.named(ResourceKind.POD, "shop/cart-7d9f-bbbbb").getId()).isEqualTo(podB.getId());
            assertThat(again.named(ResourceKind.POD_NODE, "node-1").getId()).isEqualTo(node.getId());
            assertThat(again.named(ResourceKind.WORKLOAD, "shop/cart").getId()).isEqualTo(workload.getId());
        }
    }

    private Pod createPod(String name, ReplicaSet owner, String ip) {
        Pod p = client.pods().inNamespace("shop").resource(new PodBuilder()
                .withNewMetadata().withName(name).withLabels(Map.of("app", "cart"))
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withNodeName("node-1").endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).addNewPodIP().withIp(ip).endPodIP().endStatus().build()).create();
        if (p.getStatus() == null || p.getStatus().getPodIP() == null) {
            // a server that ignores status on create (as a real one does): write it as the kubelet would
            p = client.pods().inNamespace("shop").resource(new PodBuilder(p).withNewStatus().withPhase("Running").withPodIP(ip)
                    .addNewPodIP().withIp(ip).endPodIP().endStatus().build()).updateStatus();
        }
        return p;
    }

    private static Resource awaitRecord(KubernetesSync sync, RecordingSink sink, ResourceKind kind, Predicate<Resource> p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            sync.flush();
            Resource r = sink.last(kind, p);
            if (r != null) {
                return r;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + kind + " record as expected; published: " + sink.records);
    }

    private static List<String> ips(Resource r) {
        List<String> out = new ArrayList<>();
        r.getIpBindings().forEach(b -> {
            byte[] a = new byte[b.getIp().remaining()];
            b.getIp().duplicate().get(a);
            try {
                out.add(InetAddress.getByAddress(a).getHostAddress());
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
        return out;
    }

    private static List<Integer> memberIds(Resource r) {
        return r.getMembers().stream().map(ResourceRef::getId).toList();
    }
}
