package io.tapflow.gen.conv;

import io.tapflow.gen.net.FlowShape;
import io.tapflow.gen.net.FrameEncoder;
import io.tapflow.gen.net.Packet;
import io.tapflow.gen.truth.FlowTruth;
import java.util.SplittableRandom;

/**
 * A UDP conversation with the same tap timing model as {@link TcpConversation}: a server answer to a
 * client datagram seen at T is seen at T + rttServer + processing delay. art = client datagram →
 * the adjacent server datagram (the manual's UDP rule).
 */
public final class UdpConversation extends Conversation {
    private static final long GAP_US = 15;

    private final long rttClientUs;
    private final long rttServerUs;
    private long now;
    private long lastClientUs = Long.MIN_VALUE;
    private long lastServerUs = Long.MIN_VALUE;
    private boolean lastWasClient;

    public UdpConversation(FlowShape shape, FlowTruth truth, SplittableRandom random, long startUs,
                           long rttClientUs, long rttServerUs) {
        super(shape, truth, random);
        if (shape.protocol() != 17) {
            throw new IllegalArgumentException("UDP conversation needs protocol 17");
        }
        this.now = startUs;
        this.rttClientUs = rttClientUs;
        this.rttServerUs = rttServerUs;
    }

    public long now() { return now; }

    public UdpConversation pause(long us) {
        now += us;
        return this;
    }

    /** A client datagram {@code thinkUs} after the client could react to the last server datagram. */
    public Packet clientSends(byte[] payload, long thinkUs) {
        long t = packets().isEmpty() ? now + thinkUs
                : Math.max(now + GAP_US, lastServerUs == Long.MIN_VALUE ? now : lastServerUs + rttClientUs) + thinkUs;
        return datagram(true, payload, t);
    }

    /** A server datagram answering the last client datagram after {@code delayUs} of processing. */
    public Packet serverAnswers(byte[] payload, long delayUs) {
        long t = Math.max(now + GAP_US, lastClientUs + rttServerUs + delayUs);
        return datagram(false, payload, t);
    }

    private Packet datagram(boolean fromClient, byte[] payload, long t) {
        Packet p = new Packet();
        p.tsUs = t;
        p.fromClient = fromClient;
        p.payload(payload, 0, payload.length);
        add(p);
        track(fromClient, t);
        return p;
    }

    /**
     * One datagram split into IP fragments of at most {@code fragmentBytes} of IP payload each
     * (rounded down to a multiple of 8), sent back to back at {@code thinkUs} / {@code delayUs} like
     * {@link #clientSends} / {@link #serverAnswers}. Returns the time of the first fragment.
     */
    public long fragmented(boolean fromClient, byte[] payload, int fragmentBytes, long delayUs) {
        long t = fromClient && packets().isEmpty() ? now + delayUs
                : fromClient
                ? Math.max(now + GAP_US, lastServerUs == Long.MIN_VALUE ? now : lastServerUs + rttClientUs) + delayUs
                : Math.max(now + GAP_US, lastClientUs + rttServerUs + delayUs);
        byte[] datagram = FrameEncoder.udpDatagram(fromClient ? shape.client() : shape.server(),
                fromClient ? shape.server() : shape.client(), payload);
        int step = fragmentBytes & ~7;
        if (step <= 8 || datagram.length <= step) {
            throw new IllegalArgumentException("fragment size " + fragmentBytes + " does not split a "
                    + datagram.length + "-byte datagram");
        }
        int ipId = nextIpId(fromClient);
        long first = t;
        for (int off = 0; off < datagram.length; off += step) {
            int n = Math.min(step, datagram.length - off);
            Packet p = new Packet();
            p.tsUs = t;
            p.fromClient = fromClient;
            p.ipId = ipId;
            p.fragmentData = java.util.Arrays.copyOfRange(datagram, off, off + n);
            p.fragmentOffset = off;
            p.moreFragments = off + n < datagram.length;
            // payload bytes this fragment carries, the UDP header excluded
            p.payloadLength = off == 0 ? n - 8 : n;
            addWithIpId(p);
            t += GAP_US;
        }
        track(fromClient, first);
        now = t - GAP_US;
        return first;
    }

    /**
     * The later fragments of a fragmented client datagram whose first fragment was lost before the
     * tap: nobody can tell their ports, so an agent counts them as orphans.
     */
    public void orphanFragments(byte[] payload, int fragmentBytes, long thinkUs) {
        int before = packets().size();
        fragmented(true, payload, fragmentBytes, thinkUs);
        packets().remove(before);
        truth.expectedDrop = "fragment_orphan";
    }

    private void track(boolean fromClient, long t) {
        if (fromClient) {
            lastClientUs = t;
        } else {
            if (lastWasClient) {
                truth.artUs.add(t - lastClientUs);
            }
            lastServerUs = t;
        }
        lastWasClient = fromClient;
        now = Math.max(now, t);
    }
}
