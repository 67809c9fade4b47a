package io.tapflow.l7;

import static io.tapflow.l7.H2.END_HEADERS;
import static io.tapflow.l7.H2.END_STREAM;
import static io.tapflow.l7.H2.HEADERS;
import static io.tapflow.l7.H2.frame;
import static io.tapflow.l7.L7Flow.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The session is Flink keyed state: a POJO (no Kryo), and a restored copy carries on exactly like the original. */
class L7SessionStateTest {
    private static TypeSerializer<L7Session> serializer() {
        TypeInformation<L7Session> type = TypeInformation.of(L7Session.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false); // fails on any field Flink would hand to Kryo
        return type.createSerializer(config);
    }

    private static L7Session roundTrip(L7Session s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer().serialize(s, out);
        return serializer().deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void aGrpcConnectionRestoredMidwayCarriesOn() throws IOException {
        H2.Encoder client = new H2.Encoder();
        H2.Encoder server = new H2.Encoder();
        L7Flow original = L7Flow.tcp().handshake(0);
        original.client(1_000, concat(H2.preface(), H2.settings(), frame(HEADERS, END_HEADERS, 1, client.block(":method", "POST",
                ":path", "/a.B/C", ":authority", "svc", "content-type", "application/grpc")), H2.grpcData(1, END_STREAM, 10)));
        original.server(2_000, frame(HEADERS, END_HEADERS, 1, server.block(":status", "200", "content-type", "application/grpc")));
        // half a frame header, kept for reassembly
        byte[] trailers = frame(HEADERS, END_HEADERS | END_STREAM, 1, server.block("grpc-status", "7"));
        original.segment(false, 2_500, trailers, 0, 4);

        L7Flow restored = original.fork(new L7Engine(L7Config.defaults()), roundTrip(original.session));
        assertThat(restored.session.inFlightCount).isEqualTo(1);
        assertThat(restored.session.server.hpack.count).isEqualTo(original.session.server.hpack.count).isPositive();
        assertThat(restored.session.server.stashLength).isEqualTo(4);

        // the second request reuses dynamic-table entries of the first
        byte[] second = frame(HEADERS, END_HEADERS | END_STREAM, 3, client.block(":method", "POST", ":path", "/a.B/C",
                ":authority", "svc", "content-type", "application/grpc"));
        for (L7Flow f : Arrays.asList(original, restored)) {
            f.segment(false, 3_000, trailers, 4, trailers.length - 4);
            f.client(4_000, second);
            f.end(5_000);
        }
        assertThat(restored.records).hasSize(2);
        assertThat(restored.records.toString()).isEqualTo(original.records.subList(0, 2).toString());
        assertThat(restored.record(0).getGrpcStatus()).isEqualTo(7);
        assertThat(restored.record(1).getPath()).isEqualTo("/a.B/C");
        assertThat(restored.engine.anomalies().total()).isZero();
    }

    @Test
    void anIdleSessionIsSmall() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer().serialize(L7Flow.tcp().handshake(0).session, out);
        assertThat(out.length()).isLessThan(400); // 275 bytes with Flink 2.2
    }
}
