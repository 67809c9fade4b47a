package io.tapflow.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Collects a stream into a list of this JVM (MiniCluster tests only). */
final class CollectingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, List<Object>> LISTS = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    CollectingSink() {
        LISTS.put(id, Collections.synchronizedList(new ArrayList<>()));
    }

    /** What the sink received; call after the job finished. */
    @SuppressWarnings("unchecked")
    List<T> collected() {
        return new ArrayList<>((List<T>) LISTS.remove(id));
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        List<Object> list = LISTS.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                list.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
