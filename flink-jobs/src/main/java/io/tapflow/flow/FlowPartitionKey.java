package io.tapflow.flow;

import io.tapflow.schema.FlowKey;
import io.tapflow.schema.PacketBatch;
import java.nio.ByteBuffer;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The Flink key of a conversation: capture point (agent, tap port) plus the flow identity with its
 * two endpoints in canonical order, so both directions, and batches whose key the agent oriented
 * either way, meet in the same keyed state. Identity matches packet-core's FlowKeys: IP version,
 * protocol, VLANs, tunnel type and id, endpoints; MACs and outer tunnel addresses are context.
 */
public final class FlowPartitionKey implements KeySelector<PacketBatch, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(PacketBatch batch) {
        FlowKey k = batch.getKey();
        ByteBuffer a = k.getIpSrc();
        ByteBuffer b = k.getIpDst();
        int portA = k.getPortSrc();
        int portB = k.getPortDst();
        boolean portsSwap = k.getProtocol() != 1 && k.getProtocol() != 58;
        int c = a.compareTo(b);
        if (c == 0 && portsSwap) {
            c = Integer.compare(portA, portB);
        }
        if (c > 0) {
            ByteBuffer t = a;
            a = b;
            b = t;
            if (portsSwap) {
                int p = portA;
                portA = portB;
                portB = p;
            }
        }
        StringBuilder sb = new StringBuilder(96)
                .append(batch.getAgentId()).append('|').append(batch.getTapPort()).append('|')
                .append(k.getProtocol()).append('|').append(k.getVlan()).append('.').append(k.getVlanOuter()).append('|')
                .append(k.getTunnelType()).append('.').append(k.getTunnelId()).append('|');
        appendHex(sb, a).append(':').append(portA).append('|');
        appendHex(sb, b).append(':').append(portB);
        return sb.toString();
    }

    private static StringBuilder appendHex(StringBuilder sb, ByteBuffer address) {
        for (int i = address.position(); i < address.limit(); i++) {
            int v = address.get(i) & 0xFF;
            sb.append(Character.forDigit(v >>> 4, 16)).append(Character.forDigit(v & 0xF, 16));
        }
        return sb;
    }
}
