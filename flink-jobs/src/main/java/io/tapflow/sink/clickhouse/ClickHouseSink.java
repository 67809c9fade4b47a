package io.tapflow.sink.clickhouse;

import java.io.IOException;
import java.util.Collection;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Flink Sink V2 into one ClickHouse table, over client-v2: batching, retries with backoff, and,
 * by default, exactly-once delivery through checkpoint-aligned staging and an idempotent commit
 * (see {@link ExactlyOnceTables} and docs/clickhouse-sink.md).
 *
 * <pre>{@code
 * ClickHouseSinkConfig config = ClickHouseSinkConfig.builder()
 *         .table("flow_log", "l4_flow_log")
 *         .build();
 * flows.sinkTo(new ClickHouseSink<>(config, AvroRowSerializer.forClass(L4FlowLog.class)))
 *      .name("clickhouse: flow_log.l4_flow_log");
 * }</pre>
 *
 * <p>It is a committing sink ({@link SupportsCommitter}) rather than an AsyncSinkBase: an async
 * sink only flushes at checkpoints, which is at-least-once; rows must stay invisible until their
 * checkpoint completes, and be applied once even when the commit is replayed. Writer state is
 * declared only to learn checkpoint ids (the epoch numbers); it is always empty.
 *
 * @param <T> the element type, turned into rows by a {@link ClickHouseRowSerializer}
 */
public final class ClickHouseSink<T> implements Sink<T>, SupportsWriterState<T, Void>, SupportsCommitter<StagedEpoch> {
    private static final long serialVersionUID = 1L;

    private final ClickHouseSinkConfig config;
    private final ClickHouseRowSerializer<T> serializer;

    public ClickHouseSink(ClickHouseSinkConfig config, ClickHouseRowSerializer<T> serializer) {
        this.config = Objects.requireNonNull(config, "config");
        this.serializer = Objects.requireNonNull(serializer, "serializer");
    }

    @Override
    public ClickHouseSinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new ClickHouseSinkWriter<>(config, serializer, context);
    }

    @Override
    public StatefulSinkWriter<T, Void> restoreWriter(WriterInitContext context, Collection<Void> state) throws IOException {
        return createWriter(context); // the restored checkpoint id comes with the context
    }

    @Override
    public SimpleVersionedSerializer<Void> getWriterStateSerializer() {
        return NoState.INSTANCE;
    }

    @Override
    public Committer<StagedEpoch> createCommitter(CommitterInitContext context) {
        return new ClickHouseCommitter(config, SinkMetrics.Committer.of(context.metricGroup()));
    }

    @Override
    public SimpleVersionedSerializer<StagedEpoch> getCommittableSerializer() {
        return new StagedEpoch.Serializer();
    }

    /** The serializer of the always-empty writer state. */
    private enum NoState implements SimpleVersionedSerializer<Void> {
        INSTANCE;

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Void obj) {
            return new byte[0];
        }

        @Override
        public Void deserialize(int version, byte[] serialized) {
            return null;
        }
    }
}
