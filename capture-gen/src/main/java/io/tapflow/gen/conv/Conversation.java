package io.tapflow.gen.conv;

import io.tapflow.gen.net.FlowShape;
import io.tapflow.gen.net.FrameEncoder;
import io.tapflow.gen.net.Packet;
import io.tapflow.gen.truth.FlowTruth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A scripted conversation: its fixed headers, its packets in capture order, and its ground truth.
 * Subclasses add protocol-specific script steps; timestamps are capture times at the tap.
 */
public abstract class Conversation {
    protected final FlowShape shape;
    protected final FlowTruth truth;
    protected final SplittableRandom random;
    private final List<Packet> packets = new ArrayList<>();
    private int clientIpId;
    private int serverIpId;
    /** TTL / hop limit as seen at the tap: the client's hosts start at 64, the server is a few hops away. */
    protected int clientTtl = 64;
    protected int serverTtl = 61;

    protected Conversation(FlowShape shape, FlowTruth truth, SplittableRandom random) {
        this.shape = shape;
        this.truth = truth;
        this.random = random;
        this.clientIpId = random.nextInt(65536);
        this.serverIpId = random.nextInt(65536);
    }

    public FlowShape shape() { return shape; }
    public FlowTruth truth() { return truth; }
    public List<Packet> packets() { return packets; }

    /** Time of the earliest packet (the conversation must have one). */
    public long firstUs() {
        long first = Long.MAX_VALUE;
        for (Packet p : packets) {
            first = Math.min(first, p.tsUs);
        }
        return first;
    }

    /** Appends a packet with the next IP id and TTL of its direction. */
    protected Packet add(Packet p) {
        p.ipId = nextIpId(p.fromClient);
        p.ttl = p.fromClient ? clientTtl : serverTtl;
        packets.add(p);
        return p;
    }

    protected int nextIpId(boolean fromClient) {
        return fromClient ? clientIpId++ & 0xFFFF : serverIpId++ & 0xFFFF;
    }

    /** Appends a packet whose IP id is already set (fragments of one datagram share theirs). */
    protected Packet addWithIpId(Packet p) {
        p.ttl = p.fromClient ? clientTtl : serverTtl;
        packets.add(p);
        return p;
    }

    /** Encodes one of this conversation's packets. */
    public void encode(FrameEncoder encoder, Packet p) {
        encoder.encode(shape, p);
    }

    /** Accounts an encoded packet in the truth. */
    public void count(Packet p) {
        truth.count(p, p.tcpFlags);
    }
}
