package io.tapflow.replay;

import io.tapflow.packet.CaptureReplay;
import io.tapflow.packet.pcap.CaptureFileReader;
import io.tapflow.packet.pcap.CaptureFormatException;
import io.tapflow.packet.pcap.CapturedFrame;
import io.tapflow.schema.PacketBatch;
import java.io.IOException;
import java.util.ArrayDeque;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a pcap or pcapng file inside a Flink {@code FileSource} and emits the PacketBatches the
 * capture agent would have published for it: the same packet-core decoder and batcher, so the
 * offline replay and the live path never drift. Not splittable (captures are sequential).
 */
public final class CaptureStreamFormat implements StreamFormat<PacketBatch> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CaptureStreamFormat.class);

    private final CaptureSettings settings;

    public CaptureStreamFormat(CaptureSettings settings) {
        this.settings = settings;
    }

    @Override
    public Reader<PacketBatch> createReader(Configuration config, FSDataInputStream stream, long fileLen, long splitEnd)
            throws IOException {
        return new BatchReader(stream, settings);
    }

    @Override
    public Reader<PacketBatch> restoreReader(Configuration config, FSDataInputStream stream, long restoredOffset,
                                            long fileLen, long splitEnd) throws IOException {
        // Non-splittable: the FileSource restarts the file from its beginning and skips the
        // records already emitted, and the batcher is deterministic, so the same batches come out.
        return new BatchReader(stream, settings);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<PacketBatch> getProducedType() {
        return new AvroTypeInfo<>(PacketBatch.class);
    }

    private static final class BatchReader implements Reader<PacketBatch> {
        private final CaptureFileReader reader;
        private final CaptureReplay replay;
        private final CapturedFrame frame = new CapturedFrame();
        private final ArrayDeque<PacketBatch> ready = new ArrayDeque<>();
        private final long readLimit;
        private boolean done;

        BatchReader(FSDataInputStream stream, CaptureSettings settings) throws IOException {
            this.reader = CaptureFileReader.open(stream, settings.captureName());
            this.replay = new CaptureReplay(settings.batcherConfig(), (key, batch) -> ready.add(batch));
            this.readLimit = settings.readLimit();
        }

        @Override
        public PacketBatch read() throws IOException {
            while (ready.isEmpty() && !done) {
                try {
                    if (reader.next(frame) && frame.fileOffset() < readLimit) {
                        replay.accept(frame);
                    } else {
                        finish();
                    }
                } catch (CaptureFormatException e) {
                    // The replay command scans for damage first and sets the read limit before it,
                    // so this is a file that changed underneath us: keep what came before.
                    LOG.error("capture damaged, stopping at it: {}", e.getMessage());
                    finish();
                }
            }
            return ready.poll();
        }

        private void finish() {
            replay.flushAll();
            done = true;
            LOG.info("capture read: {}", replay.counters());
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
