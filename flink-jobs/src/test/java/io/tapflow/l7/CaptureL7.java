package io.tapflow.l7;

import io.tapflow.packet.CaptureReplay;
import io.tapflow.packet.batch.BatcherConfig;
import io.tapflow.packet.batch.MalformedBatchException;
import io.tapflow.packet.batch.PacketCursor;
import io.tapflow.packet.pcap.CaptureFileReader;
import io.tapflow.schema.FlowKey;
import io.tapflow.schema.L7FlowLog;
import io.tapflow.schema.PacketBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a capture through packet-core (decode, per-flow batches with payload prefixes, exactly what
 * the agent ships) and the L7 engine, the way the flow engine will: per flow, client and server
 * from the first packet (SYN sender, SYN-ACK receiver, else the first sender), every packet in
 * capture order, {@link L7Engine#onFlowEnd} at the end of the input.
 */
final class CaptureL7 {
    final L7Engine engine;
    final List<L7FlowLog> records = new ArrayList<>();
    final L7Counters counters = new L7Counters();
    /** Per flow: "client-ip:port server-ip:port" of the flow's client and server. */
    final Map<Long, String> endpoints = new LinkedHashMap<>();
    private final Map<String, Flow> flows = new LinkedHashMap<>();
    private final PacketCursor cursor = new PacketCursor();
    private long nextFlowId = 1;
    private long lastTs;

    private static final class Flow {
        L7Session session;
        boolean clientIsKeySrc;
    }

    CaptureL7(L7Config config) {
        this.engine = new L7Engine(config);
    }

    static CaptureL7 run(Path capture, L7Config config, int prefixBytes) throws IOException {
        CaptureL7 c = new CaptureL7(config);
        BatcherConfig batcher = BatcherConfig.builder().agentId("test").payloadPrefixBytes(prefixBytes).build();
        CaptureReplay replay = new CaptureReplay(batcher, c::batch);
        try (CaptureFileReader reader = CaptureFileReader.open(capture)) {
            replay.run(reader);
        }
        c.end();
        return c;
    }

    private void batch(byte[] key, PacketBatch batch) {
        try {
            cursor.reset(batch);
        } catch (MalformedBatchException e) {
            throw new IllegalStateException(e);
        }
        String k = HexFormat.of().formatHex(key);
        Flow f = flows.get(k);
        while (cursor.next()) {
            if (f == null) {
                f = new Flow();
                int flags = cursor.tcpFlags();
                boolean syn = (flags & 0x02) != 0;
                boolean ack = (flags & 0x10) != 0;
                boolean senderIsKeySrc = cursor.direction() == 0;
                boolean senderIsClient = !(syn && ack);
                f.clientIsKeySrc = senderIsClient == senderIsKeySrc;
                FlowKey fk = batch.getKey();
                long id = nextFlowId++;
                f.session = engine.open(id, fk.getProtocol());
                String src = addr(fk.getIpSrc()) + ":" + fk.getPortSrc();
                String dst = addr(fk.getIpDst()) + ":" + fk.getPortDst();
                endpoints.put(id, f.clientIsKeySrc ? src + " " + dst : dst + " " + src);
                flows.put(k, f);
            }
            boolean fromClient = (cursor.direction() == 0) == f.clientIsKeySrc;
            lastTs = Math.max(lastTs, cursor.timestampUs());
            engine.onPacket(f.session, fromClient, cursor.timestampUs(), cursor.tcpFlags(), cursor.seq(),
                    cursor.payloadLength(), cursor.payload(), records::add);
            f.session.counters.drainInto(counters, null);
        }
    }

    private void end() {
        for (Flow f : flows.values()) {
            engine.onFlowEnd(f.session, lastTs, records::add);
            f.session.counters.drainInto(counters, null);
        }
    }

    private static String addr(java.nio.ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        try {
            return java.net.InetAddress.getByAddress(a).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
