package io.tapflow.resources.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tapflow.resources.publish.ResourceSink;
import io.tapflow.schema.IpBinding;
import io.tapflow.schema.Resource;
import io.tapflow.schema.ResourceKind;
import io.tapflow.schema.ResourceRef;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors one Kubernetes cluster into tapflow.resources: nodes (POD_NODE), namespaces
 * (POD_NAMESPACE), workloads (WORKLOAD: Deployments, StatefulSets, DaemonSets and ReplicaSets that
 * no Deployment owns; a pod finds its workload through its controller owner reference, via the
 * ReplicaSet for Deployments), pods (POD) and services (SERVICE, with the pods their selector picks
 * as members), plus one POD_CLUSTER record for the cluster itself.
 *
 * <p>Watches through fabric8 informers (list, then watch, re-list on expiry). Every change is
 * published with the object's resourceVersion as the record version (an etcd revision: it grows
 * across all objects of the cluster, so it also orders a new pod's claim on an address after the
 * old pod's), updated_at = when the sync saw the change. Deletions are published as records with
 * {@code deleted = true}; the Kafka tombstone follows after {@code tombstoneDelay}, so consumers
 * and late flow records still see the deletion. Finished pods (Succeeded / Failed) count as
 * deleted: their addresses are free for reuse. Pods on the host network bind no address (it is
 * their node's).
 *
 * <p>Events of all informers are handled on one thread (so ids and caches need no locks) and
 * published in batches, one Kafka transaction per {@code flushInterval}.
 */
public final class KubernetesSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesSync.class);
    /** Node labels that link a node to the VM / host it runs on (ids of the catalog). */
    public static final String VM_LABEL = "tapflow.io/vm-id";
    public static final String HOST_LABEL = "tapflow.io/host-id";

    private final KubernetesClient client;
    private final KubernetesSyncConfig config;
    private final ResourceSink sink;
    private final Clock clock;
    private final String source;
    private final IdRegistry ids = new IdRegistry();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tapflow-k8s-sync");
        t.setDaemon(true);
        return t;
    });

    private final Map<String, Resource> pending = new LinkedHashMap<>(); // key -> newest unpublished record
    private final Map<String, Instant> tombstoneDue = new LinkedHashMap<>();
    private final Map<String, Resource> published = new HashMap<>(); // key -> last record (for deletes)
    private final Map<String, Long> podVersions = new HashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<Namespace> namespaces;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<ReplicaSet> replicaSets;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Service> services;
    private long fallbackVersion;

    /**
     * @param previouslyPublished what tapflow.resources holds now (ids are taken over from it)
     */
    public KubernetesSync(KubernetesClient client, KubernetesSyncConfig config, ResourceSink sink,
            Iterable<Resource> previouslyPublished, Clock clock) {
        this.client = client;
        this.config = config;
        this.sink = sink;
        this.clock = clock;
        this.source = "k8s/" + config.clusterName();
        List<Resource> mine = new ArrayList<>();
        for (Resource r : previouslyPublished) {
            if (source.equals(r.getAttributes().get(SOURCE_ATTRIBUTE))) {
                mine.add(r);
            }
        }
        ids.seed(mine);
    }

    static final String SOURCE_ATTRIBUTE = "tapflow.source";

    /** Starts the watches and returns once the initial state of the cluster has been published. */
    public void start(long timeout, TimeUnit unit) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        onThread(() -> queue(clusterRecord()));
        // parents first, so pods and services find their namespace, node and ReplicaSet
        namespaces = watch(client.namespaces().inform(handler(this::namespace, this::namespaceGone), 0));
        nodes = watch(client.nodes().inform(handler(this::node, this::nodeGone), 0));
        replicaSets = watch(client.apps().replicaSets().inAnyNamespace().inform(handler(this::replicaSet, this::workloadGone), 0));
        watch(client.apps().deployments().inAnyNamespace().inform(handler(this::workload, this::workloadGone), 0));
        watch(client.apps().statefulSets().inAnyNamespace().inform(handler(this::workload, this::workloadGone), 0));
        watch(client.apps().daemonSets().inAnyNamespace().inform(handler(this::workload, this::workloadGone), 0));
        awaitSynced(deadline);
        pods = watch(client.pods().inAnyNamespace().inform(handler(this::pod, this::podGone), 0));
        services = watch(client.services().inAnyNamespace().inform(handler(this::service, this::serviceGone), 0));
        awaitSynced(deadline);
        onThread(() -> { }); // every event so far has been handled
        flush();
        thread.scheduleWithFixedDelay(this::flushQuietly, config.flushInterval().toMillis(), config.flushInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Publishes what is pending now (also runs every flushInterval). */
    public void flush() throws InterruptedException {
        onThread(this::publishPending);
    }

    private void flushQuietly() {
        try {
            publishPending();
        } catch (RuntimeException e) {
            LOG.warn("publishing to the resource topic failed, will retry: {}", e.toString());
        }
    }

    private void publishPending() {
        Instant now = clock.instant();
        List<String> tombstones = new ArrayList<>();
        tombstoneDue.entrySet().removeIf(e -> {
            if (e.getValue().isAfter(now)) {
                return false;
            }
            tombstones.add(e.getKey());
            return true;
        });
        if (pending.isEmpty() && tombstones.isEmpty()) {
            return;
        }
        List<Resource> records = new ArrayList<>(pending.values());
        sink.publish(records, tombstones);
        pending.clear();
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        try {
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("final publish failed: {}", e.toString());
        }
        thread.shutdownNow();
    }

    // ------------------------------------------------------------------------------------ objects

    private Resource clusterRecord() {
        return base(ResourceKind.POD_CLUSTER, config.clusterId(), config.clusterName(), config.startVersion(), "cluster", "")
                .setRegionId(config.regionId()).setAzId(config.azId()).build();
    }

    private void namespace(Namespace ns) {
        int id = ids.idOf(ResourceKind.POD_NAMESPACE, uid(ns));
        queue(base(ResourceKind.POD_NAMESPACE, id, name(ns), version(ns), "Namespace", "")
                .setAttributes(attributes(ns)).build());
    }

    private void namespaceGone(Namespace ns) {
        gone(ResourceKind.POD_NAMESPACE, ns);
    }

    private void node(Node n) {
        int id = ids.idOf(ResourceKind.POD_NODE, uid(n));
        List<IpBinding> ips = new ArrayList<>();
        if (n.getStatus() != null && n.getStatus().getAddresses() != null) {
            for (NodeAddress a : n.getStatus().getAddresses()) {
                if ("InternalIP".equals(a.getType())) {
                    addIp(ips, a.getAddress());
                }
            }
        }
        Map<String, String> labels = labels(n);
        queue(base(ResourceKind.POD_NODE, id, name(n), version(n), "Node", "")
                .setVmId(intLabel(labels, VM_LABEL)).setHostId(intLabel(labels, HOST_LABEL))
                .setIpBindings(ips).setAttributes(attributes(n)).build());
    }

    private void nodeGone(Node n) {
        gone(ResourceKind.POD_NODE, n);
    }

    private void replicaSet(ReplicaSet rs) {
        if (controller(rs) == null) {
            workload(rs); // a bare ReplicaSet is a workload of its own; one a Deployment owns is not
        }
    }

    private void workload(HasMetadata w) {
        int id = ids.idOf(ResourceKind.WORKLOAD, uid(w));
        queue(base(ResourceKind.WORKLOAD, id, name(w), version(w), w.getKind(), w.getMetadata().getNamespace())
                .setPodNsId(namespaceId(w.getMetadata().getNamespace())).setAttributes(attributes(w)).build());
    }

    private void workloadGone(HasMetadata w) {
        if (ids.existing(ResourceKind.WORKLOAD, uid(w)) != 0) {
            gone(ResourceKind.WORKLOAD, w);
        }
    }

    private void pod(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            podGone(p); // a finished pod's address is free for the next pod
            return;
        }
        int id = ids.idOf(ResourceKind.POD, uid(p));
        List<IpBinding> ips = new ArrayList<>();
        boolean hostNetwork = p.getSpec() != null && Boolean.TRUE.equals(p.getSpec().getHostNetwork());
        if (!hostNetwork && p.getStatus() != null) {
            if (p.getStatus().getPodIPs() != null && !p.getStatus().getPodIPs().isEmpty()) {
                for (PodIP ip : p.getStatus().getPodIPs()) {
                    addIp(ips, ip.getIp());
                }
            } else {
                addIp(ips, p.getStatus().getPodIP());
            }
        }
        String ns = p.getMetadata().getNamespace();
        long version = version(p);
        queue(base(ResourceKind.POD, id, name(p), version, "Pod", ns)
                .setPodNsId(namespaceId(ns))
                .setPodNodeId(p.getSpec() == null ? 0 : nodeId(p.getSpec().getNodeName()))
                .setPodGroupId(workloadOf(p))
                .setIpBindings(ips).setAttributes(attributes(p)).build());
        podVersions.put(uid(p), version);
        refreshServices(ns, version);
    }

    private void podGone(Pod p) {
        if (ids.existing(ResourceKind.POD, uid(p)) == 0) {
            return;
        }
        long version = gone(ResourceKind.POD, p);
        podVersions.remove(uid(p));
        refreshServices(p.getMetadata().getNamespace(), version);
    }

    private void service(Service s) {
        queue(serviceRecord(s, version(s)));
    }

    private void serviceGone(Service s) {
        gone(ResourceKind.SERVICE, s);
    }

    private Resource serviceRecord(Service s, long version) {
        int id = ids.idOf(ResourceKind.SERVICE, uid(s));
        List<IpBinding> ips = new ArrayList<>();
        if (s.getSpec() != null) {
            List<String> clusterIps = s.getSpec().getClusterIPs() != null && !s.getSpec().getClusterIPs().isEmpty()
                    ? s.getSpec().getClusterIPs() : java.util.Collections.singletonList(s.getSpec().getClusterIP());
            for (String ip : clusterIps) {
                if (ip != null && !ip.isEmpty() && !"None".equals(ip)) {
                    addIp(ips, ip);
                }
            }
        }
        List<ResourceRef> members = new ArrayList<>();
        for (int pod : selectedPods(s)) {
            members.add(ResourceRef.newBuilder().setKind(ResourceKind.POD).setId(pod).build());
        }
        return base(ResourceKind.SERVICE, id, name(s), version, "Service", s.getMetadata().getNamespace())
                .setPodNsId(namespaceId(s.getMetadata().getNamespace()))
                .setIpBindings(ips).setMembers(members).setAttributes(attributes(s)).build();
    }

    /** Ids of the running pods a service's selector picks, ascending. */
    private TreeSet<Integer> selectedPods(Service s) {
        TreeSet<Integer> out = new TreeSet<>();
        Map<String, String> selector = s.getSpec() == null ? null : s.getSpec().getSelector();
        if (selector == null || selector.isEmpty() || pods == null) {
            return out;
        }
        for (Pod p : pods.getStore().list()) {
            if (Objects.equals(p.getMetadata().getNamespace(), s.getMetadata().getNamespace())
                    && labels(p).entrySet().containsAll(selector.entrySet())) {
                int id = ids.existing(ResourceKind.POD, uid(p));
                if (id != 0 && podVersions.containsKey(uid(p))) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    /**
     * Re-publishes the services of a namespace whose membership a pod change altered. The service
     * object itself did not change, so the record takes the pod change's resourceVersion (newer).
     */
    private void refreshServices(String namespace, long version) {
        if (services == null) {
            return;
        }
        for (Service s : services.getStore().list()) {
            if (!Objects.equals(s.getMetadata().getNamespace(), namespace)) {
                continue;
            }
            String key = key(ResourceKind.SERVICE, ids.existing(ResourceKind.SERVICE, uid(s)));
            Resource last = pending.containsKey(key) ? pending.get(key) : published.get(key);
            Resource now = serviceRecord(s, Math.max(version, version(s)));
            if (last == null || !last.getMembers().equals(now.getMembers())) {
                queue(now);
            }
        }
    }

    private int workloadOf(Pod p) {
        OwnerReference owner = controller(p);
        if (owner == null) {
            return 0;
        }
        if ("ReplicaSet".equals(owner.getKind()) && replicaSets != null) {
            ReplicaSet rs = replicaSets.getStore().getByKey(p.getMetadata().getNamespace() + "/" + owner.getName());
            OwnerReference deployment = rs == null ? null : controller(rs);
            if (deployment != null) {
                return ids.existing(ResourceKind.WORKLOAD, deployment.getUid());
            }
        }
        return ids.existing(ResourceKind.WORKLOAD, owner.getUid());
    }

    private int namespaceId(String name) {
        Namespace ns = name == null || namespaces == null ? null : namespaces.getStore().getByKey(name);
        return ns == null ? 0 : ids.existing(ResourceKind.POD_NAMESPACE, uid(ns));
    }

    private int nodeId(String name) {
        Node n = name == null || nodes == null ? null : nodes.getStore().getByKey(name);
        return n == null ? 0 : ids.existing(ResourceKind.POD_NODE, uid(n));
    }

    // ------------------------------------------------------------------------------------ records

    private Resource.Builder base(ResourceKind kind, int id, String name, long version, String k8sKind, String namespace) {
        return Resource.newBuilder().setKind(kind).setId(id).setName(namespace == null || namespace.isEmpty() ? name : namespace + "/" + name)
                .setVersion(version).setUpdatedAt(clock.instant()).setDeleted(false)
                .setPodClusterId(config.clusterId()).setL3EpcId(config.vpcId())
                .setRegionId(0).setAzId(0);
    }

    /** Publishes the deletion of an object; returns the version used. */
    private long gone(ResourceKind kind, HasMetadata o) {
        int id = ids.existing(kind, uid(o));
        if (id == 0) {
            return version(o);
        }
        String key = key(kind, id);
        Resource last = pending.containsKey(key) ? pending.get(key) : published.get(key);
        // a delete seen only through a re-list may carry an old resourceVersion: never go backwards
        long version = Math.max(version(o), last == null ? 0 : last.getVersion() + 1);
        Resource.Builder b = last != null ? Resource.newBuilder(last)
                : base(kind, id, name(o), version, o.getKind(), o.getMetadata().getNamespace());
        queue(b.setVersion(version).setUpdatedAt(clock.instant()).setDeleted(true).build());
        tombstoneDue.put(key, clock.instant().plus(config.tombstoneDelay()));
        if (kind == ResourceKind.POD_NAMESPACE) {
            ids.release(kind, uid(o)); // UInt16 ids are scarce
        }
        return version;
    }

    private void queue(Resource r) {
        String key = key(r.getKind(), r.getId());
        Resource last = pending.containsKey(key) ? pending.get(key) : published.get(key);
        if (last != null && last.getVersion() > r.getVersion()) {
            return; // an informer re-delivered an older state
        }
        if (!r.getDeleted()) {
            tombstoneDue.remove(key);
        }
        pending.put(key, r);
        published.put(key, r);
    }

    private Map<String, String> attributes(HasMetadata o) {
        Map<String, String> a = new TreeMap<>();
        a.put(SOURCE_ATTRIBUTE, source);
        a.put(IdRegistry.UID_ATTRIBUTE, uid(o));
        a.put("k8s.kind", o.getKind() == null ? "" : o.getKind());
        labels(o).forEach((k, v) -> a.put("label/" + k, v));
        return new LinkedHashMap<>(a);
    }

    private static void addIp(List<IpBinding> out, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        // only literals reach here (the API server validates them), so InetAddress does no DNS lookup;
        // a name would be a bug upstream and is refused rather than resolved
        if (!text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            LOG.warn("ignoring address '{}': not an IP literal", text);
            return;
        }
        try {
            byte[] b = InetAddress.getByName(text).getAddress();
            out.add(IpBinding.newBuilder().setL3EpcId(0).setIp(ByteBuffer.wrap(b)).setPrefixLength(b.length * 8).build());
        } catch (java.net.UnknownHostException e) {
            LOG.warn("ignoring address '{}': {}", text, e.getMessage());
        }
    }

    private long version(HasMetadata o) {
        String rv = o.getMetadata().getResourceVersion();
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException | NullPointerException e) {
            return ++fallbackVersion; // resourceVersion is opaque by contract; etcd-backed servers give numbers
        }
    }

    private static OwnerReference controller(HasMetadata o) {
        List<OwnerReference> owners = o.getMetadata().getOwnerReferences();
        if (owners == null) {
            return null;
        }
        return owners.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst().orElse(null);
    }

    private static Map<String, String> labels(HasMetadata o) {
        Map<String, String> l = o.getMetadata().getLabels();
        return l == null ? Map.of() : l;
    }

    private static int intLabel(Map<String, String> labels, String key) {
        try {
            return labels.containsKey(key) ? Integer.parseInt(labels.get(key)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String uid(HasMetadata o) {
        String uid = o.getMetadata().getUid();
        return uid != null && !uid.isEmpty() ? uid : o.getKind() + ":" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    private static String name(HasMetadata o) {
        return o.getMetadata().getName();
    }

    static String key(ResourceKind kind, int id) {
        return kind.name() + "/" + id;
    }

    // ------------------------------------------------------------------------------------ plumbing

    private <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> upsert, Consumer<T> delete) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                thread.execute(() -> guarded(upsert, obj));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                thread.execute(() -> guarded(upsert, newObj));
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                thread.execute(() -> guarded(delete, obj));
            }
        };
    }

    private static <T> void guarded(Consumer<T> action, T obj) {
        try {
            action.accept(obj);
        } catch (RuntimeException e) {
            LOG.warn("cannot translate {}: {}", obj, e.toString(), e);
        }
    }

    private <T> SharedIndexInformer<T> watch(SharedIndexInformer<T> informer) {
        informers.add(informer);
        return informer;
    }

    private void awaitSynced(long deadlineNanos) throws InterruptedException, TimeoutException {
        while (!informers.stream().allMatch(SharedIndexInformer::hasSynced)) {
            if (System.nanoTime() > deadlineNanos) {
                throw new TimeoutException("the Kubernetes API did not list every watched kind in time");
            }
            Thread.sleep(20);
        }
    }

    private void onThread(Runnable r) throws InterruptedException {
        try {
            thread.submit(r).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
