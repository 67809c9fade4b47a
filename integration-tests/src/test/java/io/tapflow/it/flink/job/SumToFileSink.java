package io.tapflow.it.flink.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;

/** Sums its input and writes the total to a file when the (bounded) input ends. Run with parallelism 1. */
final class SumToFileSink implements Sink<Long> {

    private static final long serialVersionUID = 1L;

    private final String output;

    SumToFileSink(Path output) {
        this.output = output.toString();
    }

    @Override
    public SinkWriter<Long> createWriter(WriterInitContext context) {
        return new Writer(new Path(output));
    }

    private static final class Writer implements SinkWriter<Long> {
        private final Path output;
        private long sum;

        Writer(Path output) {
            this.output = output;
        }

        @Override
        public void write(Long value, Context context) {
            sum += value;
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (!endOfInput) {
                return;
            }
            try (FSDataOutputStream out = output.getFileSystem().create(output, WriteMode.OVERWRITE)) {
                out.write((sum + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void close() {
        }
    }
}
