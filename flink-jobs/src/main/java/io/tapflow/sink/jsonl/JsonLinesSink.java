package io.tapflow.sink.jsonl;

import io.tapflow.schema.json.RecordJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.avro.generic.IndexedRecord;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes Avro records as JSON lines ({@link RecordJson}: {@code "log_type"} first, then the
 * ClickHouse column names) to one local file or standard output, for the offline replay that runs
 * in a MiniCluster on the same machine. Runs with parallelism 1.
 */
public final class JsonLinesSink<T extends IndexedRecord> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String logType;

    /**
     * @param path    output file (truncated), or null for standard output
     * @param logType value of the leading {@code log_type} field, e.g. {@code l4}
     */
    public JsonLinesSink(Path path, String logType) {
        this.path = path == null ? null : path.toString();
        this.logType = logType;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        if (context.getTaskInfo().getNumberOfParallelSubtasks() != 1) {
            throw new IllegalStateException("JsonLinesSink writes one file: run it with parallelism 1");
        }
        Writer out = path == null
                ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8)
                : Files.newBufferedWriter(Path.of(path), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        return new LineWriter<>(new BufferedWriter(out, 1 << 16), path == null, logType);
    }

    private static final class LineWriter<T extends IndexedRecord> implements SinkWriter<T> {
        private final Writer out;
        private final boolean stdout;
        private final String logType;

        LineWriter(Writer out, boolean stdout, String logType) {
            this.out = out;
            this.stdout = stdout;
            this.logType = logType;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            out.write(RecordJson.line(logType, element));
            out.write('\n');
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (stdout) {
                out.flush();
            } else {
                out.close();
            }
        }
    }
}
