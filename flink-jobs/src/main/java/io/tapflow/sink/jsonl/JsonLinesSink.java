package io.tapflow.sink.jsonl;

import io.tapflow.json.AvroJsonWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.avro.generic.IndexedRecord;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes Avro records as JSON lines to one local file (or standard output), for the offline replay
 * that runs in a MiniCluster on the same machine. Run it with parallelism 1; records of several
 * logs share the file and are told apart by a leading {@code log_type} field.
 */
public final class JsonLinesSink<T extends IndexedRecord> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final Map<String, String> leading;

    /**
     * @param path    output file (truncated), or null for standard output
     * @param leading fields written first in every object, e.g. {@code log_type: l4}
     */
    public JsonLinesSink(Path path, Map<String, String> leading) {
        this.path = path == null ? null : path.toString();
        this.leading = Map.copyOf(leading);
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
        return new LineWriter<>(new BufferedWriter(out, 1 << 16), path == null, leading);
    }

    private static final class LineWriter<T extends IndexedRecord> implements SinkWriter<T> {
        private final Writer out;
        private final boolean stdout;
        private final AvroJsonWriter json;
        private final Map<String, String> leading;

        LineWriter(Writer out, boolean stdout, Map<String, String> leading) throws IOException {
            this.out = out;
            this.stdout = stdout;
            this.json = new AvroJsonWriter(out);
            this.leading = leading;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            json.write(element, leading);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            json.flush();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            json.flush();
            if (stdout) {
                out.flush();
            } else {
                out.close();
            }
        }
    }
}
