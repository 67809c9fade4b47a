package io.tapflow.gen.conv;

import io.tapflow.gen.net.FlowShape;
import io.tapflow.gen.net.FrameEncoder;
import io.tapflow.gen.net.Packet;
import io.tapflow.gen.truth.FlowTruth;
import java.util.SplittableRandom;

/**
 * An ARP request and reply (Ethernet links only): not IP, so never a flow; its truth carries
 * expectedDrop "non_ip".
 */
public final class ArpExchange extends Conversation {
    public ArpExchange(FlowShape shape, FlowTruth truth, SplittableRandom random, long startUs, long replyAfterUs) {
        super(shape, truth, random);
        truth.expectedDrop = "non_ip";
        Packet request = new Packet();
        request.tsUs = startUs;
        request.fromClient = true;
        add(request);
        Packet reply = new Packet();
        reply.tsUs = startUs + replyAfterUs;
        reply.fromClient = false;
        add(reply);
    }

    @Override
    public void encode(FrameEncoder encoder, Packet p) {
        encoder.encodeArp(shape, p);
    }
}
