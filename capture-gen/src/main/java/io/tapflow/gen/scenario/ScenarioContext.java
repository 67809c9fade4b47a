package io.tapflow.gen.scenario;

import io.tapflow.gen.conv.Conversation;
import io.tapflow.gen.conv.IcmpConversation;
import io.tapflow.gen.conv.TcpConversation;
import io.tapflow.gen.conv.UdpConversation;
import io.tapflow.gen.net.Encapsulation;
import io.tapflow.gen.net.Endpoint;
import io.tapflow.gen.net.FlowShape;
import io.tapflow.gen.net.LinkLayer;
import io.tapflow.gen.truth.FlowTruth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a scenario builds with: the seeded random source, the capture's link layer, the start time,
 * the size asked for, and factories that give every conversation its id and truth record.
 */
public final class ScenarioContext {
    /** 2024-01-01T00:00:00Z: a fixed epoch so the same seed gives the same file. */
    public static final long DEFAULT_START_US = 1_704_067_200_000_000L;

    private final SplittableRandom random;
    private final LinkLayer link;
    private final long startUs;
    private final long targetPackets;
    private final double flowsPerSecond;
    private final List<Conversation> built = new ArrayList<>();
    private int nextId;
    private int nextClientPort = 40000;

    public ScenarioContext(long seed, LinkLayer link, long startUs, long targetPackets, double flowsPerSecond) {
        this.random = new SplittableRandom(seed);
        this.link = link;
        this.startUs = startUs;
        this.targetPackets = targetPackets;
        this.flowsPerSecond = flowsPerSecond;
    }

    public SplittableRandom random() { return random; }
    public LinkLayer link() { return link; }
    public long startUs() { return startUs; }
    /** Packets asked for (scaled scenarios); small scenarios ignore it. */
    public long targetPackets() { return targetPackets; }
    /** Conversation arrival rate asked for (scaled scenarios), 0 = the scenario's default. */
    public double flowsPerSecond() { return flowsPerSecond; }

    /** A fresh client port (40000 upwards), so the small scenarios' 5-tuples never collide. */
    public int clientPort() {
        return nextClientPort++;
    }

    public FlowTruth truth(String label, FlowShape shape) {
        return new FlowTruth(nextId++, label, shape, link);
    }

    public TcpConversation tcp(String label, Endpoint client, Endpoint server, Encapsulation e, long startUs,
                               long rttClientUs, long rttServerUs) {
        FlowShape shape = new FlowShape(client, server, 6, e);
        return keep(new TcpConversation(shape, truth(label, shape), random, startUs, rttClientUs, rttServerUs));
    }

    public TcpConversation tcp(String label, FlowShape shape, long startUs, long rttClientUs, long rttServerUs) {
        return keep(new TcpConversation(shape, truth(label, shape), random, startUs, rttClientUs, rttServerUs));
    }

    public UdpConversation udp(String label, Endpoint client, Endpoint server, Encapsulation e, long startUs,
                               long rttClientUs, long rttServerUs) {
        FlowShape shape = new FlowShape(client, server, 17, e);
        return keep(new UdpConversation(shape, truth(label, shape), random, startUs, rttClientUs, rttServerUs));
    }

    public UdpConversation udp(String label, FlowShape shape, long startUs, long rttClientUs, long rttServerUs) {
        return keep(new UdpConversation(shape, truth(label, shape), random, startUs, rttClientUs, rttServerUs));
    }

    public IcmpConversation icmp(String label, Endpoint client, Endpoint server, long startUs, int echoId) {
        FlowShape shape = new FlowShape(client.withPort(0), server.withPort(echoId), client.isIpv6() ? 58 : 1,
                Encapsulation.NONE);
        return keep(new IcmpConversation(shape, truth(label, shape), random, startUs, echoId));
    }

    /** Remembers a conversation for {@link #built()} (small scenarios). */
    public <T extends Conversation> T keep(T c) {
        built.add(c);
        return c;
    }

    /** Every conversation made through this context, as a time-ordered source. */
    public ConversationSource built() {
        return ConversationSource.of(built);
    }
}
