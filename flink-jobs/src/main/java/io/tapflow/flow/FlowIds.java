package io.tapflow.flow;

import java.nio.charset.StandardCharsets;

/**
 * flow_id: a 64-bit hash of the capture point, the 5-tuple with its context and the first packet's
 * time. Derived from the flow itself rather than a counter, so a replay of the same capture and a
 * restart from a checkpoint give every flow the same id.
 */
final class FlowIds {
    private FlowIds() {}

    static long of(FlowState s) {
        long h = 0x9E3779B97F4A7C15L;
        h = mix(h, s.agentId.getBytes(StandardCharsets.UTF_8));
        h = mix(h, s.tapPort);
        h = mix(h, s.ipClient);
        h = mix(h, s.ipServer);
        h = mix(h, ((long) s.portClient << 32) | ((long) s.portServer << 8) | s.protocol);
        h = mix(h, ((long) s.vlan << 32) | s.tunnelType);
        h = mix(h, s.tunnelId);
        h = mix(h, s.macClient ^ (s.macServer << 1));
        h = mix(h, s.firstTs);
        return h == 0 ? 1 : h;
    }

    private static long mix(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return finish(h);
    }

    private static long mix(long h, long v) {
        return finish(h ^ v);
    }

    /** The murmur3 64-bit finaliser. */
    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
