package io.tapflow.gen.conv;

import io.tapflow.gen.net.FlowShape;
import io.tapflow.gen.net.Packet;
import io.tapflow.gen.truth.FlowTruth;
import java.util.SplittableRandom;

/** ICMP or ICMPv6 echo: requests from the client, replies one server round trip later at the tap. */
public final class IcmpConversation extends Conversation {
    private final int echoId;
    private long now;
    private int sequence;

    public IcmpConversation(FlowShape shape, FlowTruth truth, SplittableRandom random, long startUs, int echoId) {
        super(shape, truth, random);
        if (shape.protocol() != 1 && shape.protocol() != 58) {
            throw new IllegalArgumentException("ICMP conversation needs protocol 1 or 58");
        }
        this.now = startUs;
        this.echoId = echoId;
    }

    public int echoId() {
        return echoId;
    }

    /** {@code count} request/reply pairs {@code intervalUs} apart; unanswered when {@code rttUs} < 0. */
    public IcmpConversation ping(int count, long intervalUs, long rttUs, byte[] data) {
        boolean v6 = shape.protocol() == 58;
        for (int i = 0; i < count; i++) {
            Packet request = echo(true, v6 ? 128 : 8, now, data);
            if (rttUs >= 0) {
                echo(false, v6 ? 129 : 0, request.tsUs + rttUs, data);
            }
            now += intervalUs;
            sequence++;
        }
        return this;
    }

    private Packet echo(boolean fromClient, int type, long t, byte[] data) {
        Packet p = new Packet();
        p.tsUs = t;
        p.fromClient = fromClient;
        p.icmpType = type;
        p.icmpId = echoId;
        p.icmpSeq = sequence;
        p.payload(data, 0, data.length);
        return add(p);
    }
}
