package io.tapflow.jobs;

import io.tapflow.packet.batch.PacketBatchBuilder;
import io.tapflow.schema.FlowKey;
import io.tapflow.schema.PacketBatch;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Known TCP conversations as PacketBatches, for the job tests: flow {@code i} is a client
 * 10.1.x.y:(40000+i) talking to 10.2.0.1:443, sent as two batches (handshake + request, then
 * response + FIN close + a stray ACK), 5 packets from the client and 4 from the server,
 * rtt 3 ms, art 20 ms; flows start 100 ms apart in capture time.
 */
final class TestFlows {
    static final String BOOTSTRAP = "127.0.0.1:" + env("TAPFLOW_KAFKA_PORT", "19092");
    static final int CLICKHOUSE_PORT = Integer.parseInt(env("TAPFLOW_CLICKHOUSE_HTTP_PORT", "18123"));
    static final long BASE = 1_700_000_000_000_000L;

    private TestFlows() {}

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static void createTopics(String... names) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", BOOTSTRAP))) {
            admin.createTopics(java.util.Arrays.stream(names).map(n -> new NewTopic(n, 2, (short) 1)).toList()).all().get();
        }
    }

    static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", BOOTSTRAP,
                "key.serializer", ByteArraySerializer.class, "value.serializer", ByteArraySerializer.class));
    }

    static void send(KafkaProducer<byte[], byte[]> producer, String topic, int i) {
        for (PacketBatch batch : flow(i)) {
            ByteBuffer value;
            try {
                value = batch.toByteBuffer();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            byte[] bytes = new byte[value.remaining()];
            value.get(bytes);
            producer.send(new ProducerRecord<>(topic, ("flow-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), bytes));
        }
    }

    /**
     * A lone SYN at {@code atUs} on each partition of the topic: traffic later than every test flow,
     * so event time (watermarks) moves past them and their closes are reported, as live traffic would.
     */
    static void sendClockTicks(KafkaProducer<byte[], byte[]> producer, String topic, int partitions, long atUs) {
        for (int p = 0; p < partitions; p++) {
            FlowKey key = FlowKey.newBuilder().setIpVersion(4)
                    .setIpSrc(ByteBuffer.wrap(new byte[] {10, 9, 9, (byte) p})).setIpDst(ByteBuffer.wrap(new byte[] {10, 9, 9, 99}))
                    .setPortSrc(50000 + p).setPortDst(9).setProtocol(6).setVlan(0).setMacSrc(0).setMacDst(0)
                    .setTunnelType(0).setTunnelId(0).setTunnelIpSrc(ByteBuffer.allocate(0)).setTunnelIpDst(ByteBuffer.allocate(0))
                    .build();
            PacketBatchBuilder b = new PacketBatchBuilder();
            b.add(atUs, 0, 60, 0, 0x02, 1, 0, 65535, 64);
            try {
                ByteBuffer value = b.build("agent-1", 3, 0, "eth0", 0, key).toByteBuffer();
                byte[] bytes = new byte[value.remaining()];
                value.get(bytes);
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, p, null, bytes));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        producer.flush();
    }

    static List<PacketBatch> flow(int i) {
        FlowKey key = FlowKey.newBuilder().setIpVersion(4)
                .setIpSrc(ByteBuffer.wrap(new byte[] {10, 1, (byte) (i >> 8), (byte) i}))
                .setIpDst(ByteBuffer.wrap(new byte[] {10, 2, 0, 1}))
                .setPortSrc(40000 + i).setPortDst(443).setProtocol(6).setVlan(0).setMacSrc(1).setMacDst(2)
                .setTunnelType(0).setTunnelId(0).setTunnelIpSrc(ByteBuffer.allocate(0)).setTunnelIpDst(ByteBuffer.allocate(0))
                .build();
        long t = BASE + i * 100_000L;
        PacketBatchBuilder b = new PacketBatchBuilder();
        b.add(t, 0, 60, 0, 0x02, 100, 0, 65535, 64);
        b.add(t + 1_000, 1, 60, 0, 0x12, 900, 101, 65535, 64);
        b.add(t + 3_000, 0, 52, 0, 0x10, 101, 901, 512, 64);
        b.add(t + 4_000, 0, 152, 100, 0x18, 101, 901, 512, 64);
        PacketBatch first = b.build("agent-1", 3, 0, "eth0", 0, key);
        b.add(t + 24_000, 1, 352, 300, 0x18, 901, 201, 512, 64);
        b.add(t + 25_000, 0, 52, 0, 0x11, 201, 1201, 512, 64);
        b.add(t + 26_000, 1, 52, 0, 0x11, 1201, 202, 512, 64);
        b.add(t + 27_000, 0, 52, 0, 0x10, 202, 1202, 512, 64);
        b.add(t + 27_500, 1, 52, 0, 0x10, 1202, 202, 512, 64);
        return List.of(first, b.build("agent-1", 3, 0, "eth0", 1, key));
    }
}
