package io.tapflow.sink.clickhouse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The committable of the exactly-once sink: the rows one writer subtask staged between two
 * checkpoints. It names the staging partition ({@code subtask}, {@code epoch}) and the writer
 * attempt that wrote it, the number of rows (row ids 0..rows-1), and a random {@code commitId}
 * under which the apply is recorded in the commit log. It also carries the names of the objects
 * it was staged with, so a committable restored after a schema change still finds its own.
 *
 * @param sinkId      the sink's id in the commit log
 * @param metaDatabase database of the staging objects and the commit log
 * @param stageTable  the staging table
 * @param applyTable  the Null table whose views move rows to the target and record the commit
 * @param subtask     writer subtask index (first partition key)
 * @param epoch       checkpoint id after which the rows were written (second partition key); 0 before the first
 * @param attempt     random id of the writer instance that staged the rows
 * @param rows        number of rows staged
 * @param commitId    unique id of this committable in the commit log
 */
record StagedEpoch(String sinkId, String metaDatabase, String stageTable, String applyTable,
        int subtask, long epoch, long attempt, long rows, String commitId) {

    /** Binary form in checkpoints; version 1. */
    static final class Serializer implements SimpleVersionedSerializer<StagedEpoch> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(StagedEpoch e) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(e.sinkId);
                out.writeUTF(e.metaDatabase);
                out.writeUTF(e.stageTable);
                out.writeUTF(e.applyTable);
                out.writeInt(e.subtask);
                out.writeLong(e.epoch);
                out.writeLong(e.attempt);
                out.writeLong(e.rows);
                out.writeUTF(e.commitId);
            }
            return bytes.toByteArray();
        }

        @Override
        public StagedEpoch deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown StagedEpoch version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new StagedEpoch(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(),
                        in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readUTF());
            }
        }
    }
}
