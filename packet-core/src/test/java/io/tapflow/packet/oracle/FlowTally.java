package io.tapflow.packet.oracle;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-flow packet and byte counts per direction, independent of which side a tool calls "source":
 * a flow is named by its protocol and its two endpoints in sorted order, and the counts are kept
 * per sending endpoint ("from the lower endpoint", "from the higher endpoint"). ICMP echo flows are
 * named by the address pair and the echo id (their ports do not swap).
 */
public final class FlowTally {
    /** Counts of one flow. */
    public static final class Counts {
        public long packetsFromLow;
        public long frameBytesFromLow;
        public long ipBytesFromLow;
        public long packetsFromHigh;
        public long frameBytesFromHigh;
        public long ipBytesFromHigh;

        @Override
        public boolean equals(Object o) {
            return o instanceof Counts c && c.packetsFromLow == packetsFromLow && c.packetsFromHigh == packetsFromHigh
                    && c.frameBytesFromLow == frameBytesFromLow && c.frameBytesFromHigh == frameBytesFromHigh
                    && c.ipBytesFromLow == ipBytesFromLow && c.ipBytesFromHigh == ipBytesFromHigh;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(packetsFromLow * 31 + packetsFromHigh);
        }

        @Override
        public String toString() {
            return "low→high " + packetsFromLow + " pkts/" + frameBytesFromLow + " frame B/" + ipBytesFromLow
                    + " IP B, high→low " + packetsFromHigh + " pkts/" + frameBytesFromHigh + " frame B/"
                    + ipBytesFromHigh + " IP B";
        }
    }

    private final Map<String, Counts> flows = new TreeMap<>();
    private final boolean withFrameBytes;

    /** @param withFrameBytes false to ignore frame bytes (when one side cannot know them) */
    public FlowTally(boolean withFrameBytes) {
        this.withFrameBytes = withFrameBytes;
    }

    public void add(int protocol, String srcIp, int srcPort, String dstIp, int dstPort, long frameBytes, long ipBytes) {
        boolean ports = protocol != 1 && protocol != 58;
        String a = normalise(srcIp) + (ports ? " " + srcPort : "");
        String b = normalise(dstIp) + (ports ? " " + dstPort : "");
        boolean fromLow = a.compareTo(b) <= 0;
        String key = protocol + " | " + (fromLow ? a : b) + " | " + (fromLow ? b : a) + (ports ? "" : " | id " + dstPort);
        Counts c = flows.computeIfAbsent(key, k -> new Counts());
        long fb = withFrameBytes ? frameBytes : 0;
        if (fromLow) {
            c.packetsFromLow++;
            c.frameBytesFromLow += fb;
            c.ipBytesFromLow += ipBytes;
        } else {
            c.packetsFromHigh++;
            c.frameBytesFromHigh += fb;
            c.ipBytesFromHigh += ipBytes;
        }
    }

    /** Key of the flow between two endpoints, as {@link #add} names it. */
    public static String key(int protocol, String ipA, int portA, String ipB, int portB) {
        boolean ports = protocol != 1 && protocol != 58;
        String a = normalise(ipA) + (ports ? " " + portA : "");
        String b = normalise(ipB) + (ports ? " " + portB : "");
        boolean aLow = a.compareTo(b) <= 0;
        return protocol + " | " + (aLow ? a : b) + " | " + (aLow ? b : a) + (ports ? "" : " | id " + portB);
    }

    public Map<String, Counts> flows() {
        return flows;
    }

    public Counts remove(String key) {
        return flows.remove(key);
    }

    static String normalise(String ip) {
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }
}
