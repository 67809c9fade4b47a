package io.tapflow.agent.testing;

import io.tapflow.packet.batch.MalformedBatchException;
import io.tapflow.packet.batch.PacketCursor;
import io.tapflow.schema.FlowKey;
import io.tapflow.schema.PacketBatch;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Packets and IP bytes per flow and per sending endpoint, keyed by readable strings so that a failed
 * comparison shows which flow and which side differ:
 * {@code "tcp 10.0.0.1:40000 <-> 10.0.0.2:80 vlan 10 tunnel 1/5001" -> {"10.0.0.1:40000": "7 pkts/812 B", ...}}.
 * The context (VLAN, outermost tunnel type and id) is part of the flow's identity, as in the agent's
 * flow key; {@link #withoutContext()} merges it away for oracles that only see the 5-tuple.
 */
public final class FlowCounts {
    private final Map<String, Map<String, long[]>> flows = new TreeMap<>();

    /** Adds one packet sent by {@code from} to {@code to}. */
    public void add(int protocol, String fromIp, int fromPort, String toIp, int toPort, long ipBytes) {
        add(protocol, "", fromIp, fromPort, toIp, toPort, 1, ipBytes);
    }

    /** Adds {@code packets} packets ({@code ipBytes} in all) sent by {@code from} to {@code to}. */
    public void add(int protocol, String context, String fromIp, int fromPort, String toIp, int toPort,
                    long packets, long ipBytes) {
        if (packets == 0) {
            return;
        }
        String a = endpoint(fromIp, fromPort);
        String b = endpoint(toIp, toPort);
        String flow = protocolName(protocol) + " " + (a.compareTo(b) <= 0 ? a + " <-> " + b : b + " <-> " + a)
                + (context.isEmpty() ? "" : " " + context);
        long[] c = flows.computeIfAbsent(flow, f -> new TreeMap<>()).computeIfAbsent(a, e -> new long[2]);
        c[0] += packets;
        c[1] += ipBytes;
    }

    /** The flow context as this class writes it: VLAN and outermost tunnel (type/id), "" when none. */
    public static String context(int vlan, int tunnelType, long tunnelId) {
        String v = vlan == 0 ? "" : "vlan " + vlan;
        String t = tunnelType == 0 ? "" : "tunnel " + tunnelType + "/" + tunnelId;
        return (v + " " + t).trim();
    }

    /** The same counts with flows that differ only by context merged (what a 5-tuple oracle sees). */
    public FlowCounts withoutContext() {
        FlowCounts out = new FlowCounts();
        flows.forEach((flow, sides) -> {
            String[] parts = flow.split(" ");
            String key = parts[0] + " " + parts[1] + " " + parts[2] + " " + parts[3];
            sides.forEach((e, c) -> {
                long[] t = out.flows.computeIfAbsent(key, f -> new TreeMap<>()).computeIfAbsent(e, x -> new long[2]);
                t[0] += c[0];
                t[1] += c[1];
            });
        });
        return out;
    }

    /** Adds every packet of a batch. */
    public void add(PacketBatch batch) {
        FlowKey k = batch.getKey();
        String src = ip(k.getIpSrc());
        String dst = ip(k.getIpDst());
        PacketCursor cursor = new PacketCursor();
        try {
            cursor.reset(batch);
        } catch (MalformedBatchException e) {
            throw new AssertionError("malformed batch from the agent: " + e.getMessage(), e);
        }
        String context = context(k.getVlan(), k.getTunnelType(), k.getTunnelId());
        while (cursor.next()) {
            if (cursor.direction() == 0) {
                add(k.getProtocol(), context, src, k.getPortSrc(), dst, k.getPortDst(), 1, cursor.ipLength());
            } else {
                add(k.getProtocol(), context, dst, k.getPortDst(), src, k.getPortSrc(), 1, cursor.ipLength());
            }
        }
    }

    public long totalPackets() {
        long n = 0;
        for (Map<String, long[]> sides : flows.values()) {
            for (long[] c : sides.values()) {
                n += c[0];
            }
        }
        return n;
    }

    public int flowCount() {
        return flows.size();
    }

    /** Flow → endpoint → "packets/bytes", for assertions with readable diffs. */
    public Map<String, Map<String, String>> asMap() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        flows.forEach((flow, sides) -> {
            Map<String, String> m = new TreeMap<>();
            sides.forEach((e, c) -> m.put(e, c[0] + " pkts/" + c[1] + " B"));
            out.put(flow, m);
        });
        return out;
    }

    /** The flows whose counts differ between two {@link #asMap()} results: flow → "a ≠ b" (empty when equal). */
    public static Map<String, String> differences(Map<String, Map<String, String>> a, Map<String, Map<String, String>> b) {
        Map<String, String> out = new TreeMap<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            if (!java.util.Objects.equals(a.get(k), b.get(k))) {
                out.put(k, a.get(k) + " != " + b.get(k));
            }
        }
        return out;
    }

    /** Addresses are normalised (tshark writes fd00:1::10, Java fd00:1:0:0:0:0:0:10). */
    private static String endpoint(String ip, int port) {
        String canonical;
        try {
            canonical = InetAddress.getByName(ip).getHostAddress(); // a literal: no name lookup
        } catch (UnknownHostException e) {
            throw new AssertionError("not an IP address: " + ip, e);
        }
        return (canonical.contains(":") ? "[" + canonical + "]" : canonical) + ":" + port;
    }

    private static String protocolName(int protocol) {
        return switch (protocol) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            case 58 -> "icmpv6";
            default -> "proto" + protocol;
        };
    }

    private static String ip(ByteBuffer bytes) {
        byte[] b = new byte[bytes.remaining()];
        bytes.duplicate().get(b);
        try {
            return InetAddress.getByAddress(b).getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError("bad address length " + b.length, e);
        }
    }
}
