package io.tapflow.enrich.bench;

import io.tapflow.enrich.EndpointTags;
import io.tapflow.enrich.EnrichmentConfig;
import io.tapflow.schema.resource.IpPrefix;
import io.tapflow.enrich.ResourceIndex;
import io.tapflow.enrich.TagColumn;
import io.tapflow.enrich.TagFiller;
import io.tapflow.schema.IpBinding;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.Resource;
import io.tapflow.schema.ResourceKind;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Lookups per second per core (one thread) against a catalog of {@code --resources} entries (default
 * 100 000: VMs and pods with one address each, plus hosts, nodes, namespaces and workloads) and
 * {@code --cidrs} subnet CIDRs (default 10 000), spread over 100 VPCs that all reuse the same
 * 10.0.0.0/8 ranges. Queries mix device addresses, subnet-only addresses and misses (Internet).
 * Prints one summary line per measurement; a main, not a test (timings do not belong in tests).
 *
 * <pre>./tapflow catalog bench [--resources N] [--cidrs N] [--seconds S]</pre>
 */
public final class LookupBenchmark {
    private static final int VPCS = 100;
    /** Per-thread CPU time, so a shared, busy machine does not read as a slow lookup. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private LookupBenchmark() {}

    public static void main(String[] args) {
        int resources = 100_000;
        int cidrs = 10_000;
        int seconds = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--resources" -> resources = Integer.parseInt(args[i + 1]);
                case "--cidrs" -> cidrs = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--resources N --cidrs N --seconds S)");
            }
        }
        long t0 = System.nanoTime();
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heapBefore = rt.totalMemory() - rt.freeMemory();
        ResourceIndex index = new ResourceIndex();
        List<long[]> devices = build(index, resources, cidrs);
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        System.gc();
        long heapAfter = rt.totalMemory() - rt.freeMemory();
        System.out.printf("catalog: %d entries (%d with an address), %d subnet CIDRs in %d VPCs; built in %.2f s, ~%d MiB heap%n",
                index.size(), devices.size(), cidrs, VPCS, buildSeconds, (heapAfter - heapBefore) >> 20);

        // queries: 60 % device addresses, 30 % subnet-only addresses, 10 % outside every VPC
        SplittableRandom rnd = new SplittableRandom(42);
        int q = 1 << 20;
        int[] vpc = new int[q];
        long[] ip = new long[q];
        for (int i = 0; i < q; i++) {
            int kind = rnd.nextInt(10);
            if (kind < 6) {
                long[] d = devices.get(rnd.nextInt(devices.size()));
                vpc[i] = (int) d[0];
                ip[i] = d[1];
            } else if (kind < 9) {
                vpc[i] = 1 + rnd.nextInt(VPCS);
                ip[i] = subnetAddress(rnd.nextInt(cidrs / VPCS), 250);
            } else {
                vpc[i] = 1 + rnd.nextInt(VPCS);
                ip[i] = 0xC0000000L | rnd.nextInt(1 << 24); // 192.x.x.x: no VPC binds it
            }
        }
        EndpointTags tags = new EndpointTags();
        long checksum = 0;
        for (int round = 0; round < 2; round++) {
            boolean warmup = round == 0;
            long deadline = System.nanoTime() + (warmup ? 2 : seconds) * 1_000_000_000L;
            long n = 0;
            long start = System.nanoTime();
            long cpuStart = CPU.getCurrentThreadCpuTime();
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 4096; i++) {
                    int k = (int) (n++ & (q - 1));
                    index.lookupV4(vpc[k], ip[k], 0, tags);
                    checksum += tags.get(TagColumn.L3_DEVICE_ID) + tags.get(TagColumn.SUBNET_ID);
                }
            }
            double s = (System.nanoTime() - start) / 1e9;
            double cpu = (CPU.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            if (!warmup) {
                System.out.printf("lookups: %.2f M/s per core of CPU time (%.0f ns each); %.2f M/s wall clock (%d in %.1f s, the thread had the CPU %.0f %% of the time)%n",
                        n / cpu / 1e6, cpu * 1e9 / n, n / s / 1e6, n, s, 100 * cpu / s);
            }
        }

        TagFiller filler = new TagFiller(index, EnrichmentConfig.builder().defaultVpc(0).build());
        L4FlowLog[] flows = new L4FlowLog[4096];
        for (int i = 0; i < flows.length; i++) {
            long[] a = devices.get(rnd.nextInt(devices.size()));
            long[] b = devices.get(rnd.nextInt(devices.size()));
            flows[i] = L4FlowLog.newBuilder().setTime(0).setStartTime(Instant.EPOCH).setEndTime(Instant.EPOCH).setFlowId(i + 1)
                    .setAgentId("bench").setTapType(3).setTapPort(0).setTapPortName("").setTapSide("")
                    .setIsIpv4(1).setIp40(a[1]).setIp41(b[1]).setVlan((int) a[0]).build();
        }
        for (int round = 0; round < 2; round++) {
            boolean warmup = round == 0;
            long deadline = System.nanoTime() + (warmup ? 2 : seconds) * 1_000_000_000L;
            long n = 0;
            long start = System.nanoTime();
            long cpuStart = CPU.getCurrentThreadCpuTime();
            while (System.nanoTime() < deadline) {
                for (L4FlowLog f : flows) {
                    filler.fill(f);
                    checksum += f.getL3DeviceId0();
                    n++;
                }
            }
            double s = (System.nanoTime() - start) / 1e9;
            double cpu = (CPU.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            if (!warmup) {
                System.out.printf("flow records tagged (both sides, VPC by VLAN): %.2f M/s per core of CPU time (%.0f ns each); %.2f M/s wall clock%n",
                        n / cpu / 1e6, cpu * 1e9 / n, n / s / 1e6);
            }
        }
        System.out.println("(checksum " + checksum + ")");
    }

    /** Fills the index; returns {vpc, ipv4} of every addressed device. */
    private static List<long[]> build(ResourceIndex index, int resources, int cidrs) {
        long version = 1;
        int subnetsPerVpc = Math.max(1, cidrs / VPCS);
        for (int v = 1; v <= VPCS; v++) {
            index.apply(Resource.newBuilder().setKind(ResourceKind.VPC).setId(v).setVersion(version++)
                    .setAttributes(Map.of("match.vlans", String.valueOf(v))).build());
            for (int s = 0; s < subnetsPerVpc; s++) {
                int id = (v - 1) * subnetsPerVpc + s + 1;
                index.apply(Resource.newBuilder().setKind(ResourceKind.SUBNET).setId(id).setL3EpcId(v).setVersion(version++)
                        .setIpBindings(List.of(binding(subnetAddress(s, 0), 24))).build());
            }
        }
        // parents: 1 host per 50 devices, one cluster per VPC, namespaces and workloads
        int hosts = Math.max(1, resources / 50);
        for (int h = 1; h <= hosts; h++) {
            index.apply(Resource.newBuilder().setKind(ResourceKind.HOST).setId(h).setVersion(version++).build());
        }
        for (int w = 1; w <= 1000; w++) {
            index.apply(Resource.newBuilder().setKind(ResourceKind.WORKLOAD).setId(w).setPodNsId(1 + w % 100).setVersion(version++).build());
        }
        int addressed = resources - index.size();
        List<long[]> devices = new ArrayList<>(addressed);
        for (int i = 0; i < addressed; i++) {
            int v = 1 + i % VPCS;
            int s = (i / VPCS) % subnetsPerVpc;
            int host = 1 + (i / VPCS / subnetsPerVpc) % 240; // host part .1 .. .240
            long ip = subnetAddress(s, host);
            boolean pod = i % 2 == 0;
            Resource.Builder b = Resource.newBuilder().setKind(pod ? ResourceKind.POD : ResourceKind.VM).setId(i + 1)
                    .setL3EpcId(v).setHostId(1 + i % hosts).setVersion(version++)
                    .setIpBindings(List.of(binding(ip, 32)));
            if (pod) {
                b.setPodGroupId(1 + i % 1000);
            }
            if (index.apply(b.build()) == ResourceIndex.Outcome.ADDED) {
                devices.add(new long[] {v, ip});
            }
        }
        return devices;
    }

    /** 10.a.b.host for the s-th /24 of a VPC. */
    private static long subnetAddress(int s, int host) {
        return (10L << 24) | ((long) (s >> 8 & 0xff) << 16) | ((long) (s & 0xff) << 8) | host;
    }

    private static IpBinding binding(long ipv4, int length) {
        IpPrefix p = IpPrefix.ipv4(ipv4, length);
        return IpBinding.newBuilder().setL3EpcId(0).setIp(ByteBuffer.wrap(p.addressBytes())).setPrefixLength(length).build();
    }

}
