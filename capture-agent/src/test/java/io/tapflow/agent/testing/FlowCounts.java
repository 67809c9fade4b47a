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
 * {@code "tcp 10.0.0.1:40000 <-> 10.0.0.2:80" -> {"10.0.0.1:40000": [packets, bytes], ...}}.
 */
public final class FlowCounts {
    private final Map<String, Map<String, long[]>> flows = new TreeMap<>();

    /** Adds one packet sent by {@code from} to {@code to}. */
    public void add(int protocol, String fromIp, int fromPort, String toIp, int toPort, long ipBytes) {
        String a = endpoint(fromIp, fromPort);
        String b = endpoint(toIp, toPort);
        String flow = protocolName(protocol) + " " + (a.compareTo(b) <= 0 ? a + " <-> " + b : b + " <-> " + a);
        long[] c = flows.computeIfAbsent(flow, f -> new TreeMap<>()).computeIfAbsent(a, e -> new long[2]);
        c[0]++;
        c[1] += ipBytes;
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
        while (cursor.next()) {
            if (cursor.direction() == 0) {
                add(k.getProtocol(), src, k.getPortSrc(), dst, k.getPortDst(), cursor.ipLength());
            } else {
                add(k.getProtocol(), dst, k.getPortDst(), src, k.getPortSrc(), cursor.ipLength());
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

    private static String endpoint(String ip, int port) {
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
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
