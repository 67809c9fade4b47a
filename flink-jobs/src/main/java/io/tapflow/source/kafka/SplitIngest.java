package io.tapflow.source.kafka;

import io.tapflow.deadletter.DeadLetters;
import io.tapflow.schema.PacketBatch;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Batches go on; failed records go to the dead-letter side output. */
public final class SplitIngest extends ProcessFunction<IngestRecord, PacketBatch> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(IngestRecord record, Context ctx, Collector<PacketBatch> out) {
        if (record.batch != null) {
            out.collect(record.batch);
        } else {
            ctx.output(DeadLetters.TAG, record.failure);
        }
    }
}
