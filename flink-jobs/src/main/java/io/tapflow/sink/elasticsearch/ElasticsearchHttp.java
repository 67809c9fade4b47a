package io.tapflow.sink.elasticsearch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The few REST calls the sink makes, over the JDK's HTTP client with a plain
 * {@code application/json} content type: the 8.x/9.x Java API clients send
 * {@code compatible-with=8} media types that 7.10 answers with 406, and the JDK client needs no
 * extra jars that could clash with Flink's or Hadoop's httpclient.
 */
final class ElasticsearchHttp {
    /** Status and body of a response. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpClient client;
    private final String url;
    private final Duration timeout;
    private final String authorization;

    ElasticsearchHttp(ElasticsearchSinkConfig config) {
        this.url = config.url;
        this.timeout = config.requestTimeout;
        Duration connect = config.requestTimeout.compareTo(Duration.ofSeconds(10)) < 0 ? config.requestTimeout : Duration.ofSeconds(10);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connect).build();
        this.authorization = config.username.isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString((config.username + ":" + config.password).getBytes(StandardCharsets.UTF_8));
    }

    String url() {
        return url;
    }

    Response send(String method, String path, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(timeout)
                .header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.body());
    }
}
