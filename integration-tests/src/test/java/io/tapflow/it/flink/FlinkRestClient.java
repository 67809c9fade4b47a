package io.tapflow.it.flink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The few calls of Flink's REST API (jar upload, run, job status) a job submission needs. */
final class FlinkRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    FlinkRestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** POST /jars/upload (multipart, field "jarfile"); returns the jar id. */
    String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "tapflow-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName() + "\"\r\n"
                + "Content-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode reply = send(HttpRequest.newBuilder(uri("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String stored = reply.path("filename").asText();
        // the id is the stored file's name
        return stored.substring(stored.lastIndexOf('/') + 1);
    }

    /** POST /jars/{id}/run; returns the job id. */
    String runJar(String jarId, String entryClass, List<String> args, int parallelism)
            throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode()
                .put("entryClass", entryClass)
                .put("parallelism", parallelism);
        args.forEach(request.putArray("programArgsList")::add);
        JsonNode reply = send(HttpRequest.newBuilder(uri("/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())));
        return reply.path("jobid").asText();
    }

    /** GET /jobs/{id}: the job's state (RUNNING, FINISHED, FAILED, ...). */
    String jobState(String jobId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/jobs/" + jobId)).GET()).path("state").asText();
    }

    /** GET /jobs/{id}/exceptions, for failure messages. */
    String jobExceptions(String jobId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "/exceptions")).GET()).toPrettyString();
    }

    void deleteJar(String jarId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri("/jars/" + jarId)).DELETE());
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
}
