package io.tapflow.sink.clickhouse;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The core of the sink, free of Flink: rows are written into the current batch by the caller's
 * thread; a full batch (rows or bytes), or any non-empty batch on {@link #flushAsync()}, goes to a
 * single sender thread that inserts it with retries and backoff, in order. Writers block while
 * {@code maxBufferedRows} rows are buffered or in flight (backpressure). The first batch the
 * sender gives up on fails the writer: every later call throws it, and nothing more is sent.
 */
final class BatchWriter implements AutoCloseable {

    /** One insert attempt of a batch; {@code seq} numbers the batches of this writer (retries keep it). */
    interface Sender {
        void send(JsonRowWriter batch, long seq) throws Exception;
    }

    private final String name;
    private final int batchRows;
    private final long batchBytes;
    private final int maxBufferedRows;
    private final RetryPolicy retry;
    private final Sender sender;
    private final SinkMetrics.Writer metrics;
    private final ExecutorService io;

    private final Object lock = new Object();
    /** Rows handed to the sender and not yet done; guarded by lock. */
    private int inFlightRows;
    /** Spent batch buffers, reused so a steady stream does not reallocate them; guarded by lock. */
    private final ArrayDeque<JsonRowWriter> free = new ArrayDeque<>();
    private volatile Throwable failure;

    /** The batch being filled; only the caller's thread touches it. */
    private JsonRowWriter current;
    private int rowStart;
    private long nextSeq;

    BatchWriter(String name, int batchRows, long batchBytes, int maxBufferedRows, RetryPolicy retry,
            Sender sender, SinkMetrics.Writer metrics) {
        this.name = name;
        this.batchRows = batchRows;
        this.batchBytes = batchBytes;
        this.maxBufferedRows = maxBufferedRows;
        this.retry = retry;
        this.sender = sender;
        this.metrics = metrics;
        this.io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "clickhouse-sender " + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts a row and returns the writer positioned inside its JSON object. */
    JsonRowWriter beginRow() throws IOException, InterruptedException {
        int buffered = current == null ? 0 : current.rows();
        synchronized (lock) {
            while (failure == null && inFlightRows + buffered >= maxBufferedRows) {
                lock.wait();
            }
        }
        throwIfFailed();
        if (current == null) {
            synchronized (lock) {
                current = free.isEmpty() ? new JsonRowWriter((int) Math.min(batchBytes + (batchBytes >> 3), 1 << 20)) : free.pop();
            }
        }
        rowStart = current.length();
        current.beginRow();
        return current;
    }

    /** Ends the row; sends the batch if it is full. */
    void endRow() {
        current.endRow();
        if (current.rows() >= batchRows || current.length() >= batchBytes) {
            flushAsync();
        }
    }

    /** Drops the row begun last (its serializer failed), keeping the rows before it. */
    void abortRow() {
        current.truncate(rowStart);
    }

    /** Hands the current batch, if it has rows, to the sender without waiting. */
    void flushAsync() {
        JsonRowWriter batch = current;
        if (batch == null || batch.rows() == 0) {
            return;
        }
        current = null;
        long seq = nextSeq++;
        synchronized (lock) {
            inFlightRows += batch.rows();
        }
        io.execute(() -> send(batch, seq));
    }

    /** Sends the current batch and waits until every batch is written; throws the writer's failure. */
    void flush() throws IOException, InterruptedException {
        flushAsync();
        synchronized (lock) {
            while (failure == null && inFlightRows > 0) {
                lock.wait();
            }
        }
        throwIfFailed();
    }

    /** Rows buffered or in flight. */
    int bufferedRows() {
        synchronized (lock) {
            return inFlightRows + (current == null ? 0 : current.rows());
        }
    }

    private void send(JsonRowWriter batch, long seq) {
        int rows = batch.rows();
        try {
            if (failure != null) {
                return; // an earlier batch failed: keep order, send nothing after it
            }
            long start = System.nanoTime();
            retry.run(name + ": insert of " + rows + " rows", () -> {
                sender.send(batch, seq);
                return null;
            }, metrics.retries::inc);
            metrics.lastSendMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            metrics.batches.inc();
            metrics.rowsWritten.inc(rows);
            metrics.bytesWritten.inc(batch.length());
        } catch (Throwable e) {
            metrics.failures.inc();
            metrics.rowsFailed.inc(rows);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failure = e;
        } finally {
            synchronized (lock) {
                inFlightRows -= rows;
                batch.reset();
                free.push(batch);
                lock.notifyAll();
            }
        }
    }

    private void throwIfFailed() throws IOException {
        Throwable f = failure;
        if (f instanceof IOException io) {
            throw new ClickHouseSinkException(io.getMessage(), io);
        }
        if (f != null) {
            throw new ClickHouseSinkException(name + ": sending failed: " + f, f);
        }
    }

    @Override
    public void close() throws InterruptedException {
        io.shutdownNow();
        io.awaitTermination(1, TimeUnit.SECONDS);
    }
}
