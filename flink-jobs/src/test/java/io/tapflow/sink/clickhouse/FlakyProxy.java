package io.tapflow.sink.clickhouse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of ClickHouse that answers the first {@code failures} requests with
 * 503 (as an overloaded load balancer would), then forwards requests unchanged.
 */
final class FlakyProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding", "expect", "upgrade");

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger failuresLeft;
    final AtomicInteger requests = new AtomicInteger();
    /** Requests that arrived with an empty body. */
    final AtomicInteger emptyBodies = new AtomicInteger();

    FlakyProxy(String upstream, int failures) throws IOException {
        this.failuresLeft = new AtomicInteger(failures);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> handle(exchange, upstream));
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex, String upstream) throws IOException {
        requests.incrementAndGet();
        byte[] body = ex.getRequestBody().readAllBytes();
        if (body.length == 0) {
            emptyBodies.incrementAndGet();
        }
        try (ex) {
            if (failuresLeft.getAndDecrement() > 0) {
                byte[] msg = "Service Unavailable".getBytes();
                ex.sendResponseHeaders(503, msg.length);
                ex.getResponseBody().write(msg);
                return;
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI()))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!HOP_BY_HOP.contains(k.toLowerCase())) {
                    vs.forEach(v -> req.header(k, v));
                }
            });
            HttpResponse<byte[]> r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers().map().forEach((k, vs) -> {
                if (!HOP_BY_HOP.contains(k.toLowerCase()) && !k.startsWith(":")) {
                    ex.getResponseHeaders().put(k, vs);
                }
            });
            ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
