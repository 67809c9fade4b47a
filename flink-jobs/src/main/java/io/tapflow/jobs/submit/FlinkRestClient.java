package io.tapflow.jobs.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The calls of Flink's REST API that job submission needs: jar upload and run, job state and cancel,
 * savepoints (plain and stop-with-savepoint). Plain JDK HTTP and Jackson, so it runs anywhere the
 * job's own dependencies do, with no Flink client on the classpath.
 */
public final class FlinkRestClient {
    /** States a job does not leave. */
    public static final Set<String> TERMINAL_STATES = Set.of("FINISHED", "FAILED", "CANCELED", "SUSPENDED");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** {@code baseUrl} like http://127.0.0.1:18081 (a trailing slash is ignored). */
    public FlinkRestClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** GET /overview: the cluster's version, slots and jobs; fails with {@link FlinkUnreachableException} when down. */
    public JsonNode overview() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/overview")).GET());
    }

    /** POST /jars/upload (multipart, field "jarfile"); returns the jar id. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
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
        // the jar id is the stored file's name
        return stored.substring(stored.lastIndexOf('/') + 1);
    }

    /**
     * POST /jars/{id}/run; returns the job id. {@code savepointPath} null starts from scratch; otherwise the
     * job restores that savepoint (or retained checkpoint), dropping state of removed operators only when
     * {@code allowNonRestoredState}.
     */
    public String runJar(String jarId, String entryClass, List<String> args, String savepointPath,
            boolean allowNonRestoredState) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode().put("entryClass", entryClass);
        args.forEach(request.putArray("programArgsList")::add);
        if (savepointPath != null) {
            request.put("savepointPath", savepointPath).put("allowNonRestoredState", allowNonRestoredState);
        }
        return send(post("/jars/" + jarId + "/run", request)).path("jobid").asText();
    }

    public void deleteJar(String jarId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri("/jars/" + jarId)).DELETE());
    }

    /** GET /jobs/{id}: RUNNING, FINISHED, FAILED, CANCELED, ... */
    public String jobState(String jobId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/jobs/" + jobId)).GET()).path("state").asText();
    }

    /** GET /jobs/overview: one node per job (jid, name, state, start-time, ...). */
    public JsonNode jobs() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/jobs/overview")).GET()).path("jobs");
    }

    /** GET /jobs/{id}/exceptions, for failure messages. */
    public String jobExceptions(String jobId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "/exceptions")).GET()).toPrettyString();
    }

    /** PATCH /jobs/{id}?mode=cancel: no savepoint; state since the last checkpoint is lost. */
    public void cancel(String jobId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    /**
     * Triggers a savepoint and returns the trigger id: POST /jobs/{id}/stop (stop-with-savepoint: the job
     * commits its output up to the savepoint and ends FINISHED) when {@code stop}, else POST
     * /jobs/{id}/savepoints (the job keeps running). {@code targetDirectory} null uses the cluster's
     * execution.checkpointing.savepoint-dir.
     */
    public String triggerSavepoint(String jobId, String targetDirectory, boolean stop)
            throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        if (stop) {
            request.put("drain", false);
            if (targetDirectory != null) {
                request.put("targetDirectory", targetDirectory);
            }
        } else {
            request.put("cancel-job", false);
            if (targetDirectory != null) {
                request.put("target-directory", targetDirectory);
            }
        }
        String path = "/jobs/" + jobId + (stop ? "/stop" : "/savepoints");
        return send(post(path, request)).path("request-id").asText();
    }

    /** Polls GET /jobs/{id}/savepoints/{trigger} until the savepoint is written; returns its location. */
    public String awaitSavepoint(String jobId, String triggerId, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "/savepoints/" + triggerId)).GET());
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode operation = status.path("operation");
                if (operation.hasNonNull("failure-cause")) {
                    JsonNode cause = operation.path("failure-cause");
                    throw new IOException("savepoint of job " + jobId + " failed: "
                            + cause.path("serialized-throwable").asText(cause.toString()).lines().findFirst().orElse("")
                            + " " + cause.path("stack-trace").asText("").lines().findFirst().orElse(""));
                }
                return operation.path("location").asText();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("savepoint of job " + jobId + " not done after " + timeout.toSeconds()
                        + " s (trigger " + triggerId + "); see the JobManager log");
            }
            Thread.sleep(250);
        }
    }

    /** Polls the job's state until it is one of {@code wanted} or terminal; returns the last state seen. */
    public String awaitState(String jobId, Set<String> wanted, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = jobState(jobId);
        while (!wanted.contains(state) && !TERMINAL_STATES.contains(state) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            state = jobState(jobId);
        }
        return state;
    }

    private HttpRequest.Builder post(String path, JsonNode body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new FlinkUnreachableException(baseUrl, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + errorText(response.body()));
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /** Flink answers errors as {"errors": [...]}, the first line of each is what a reader needs. */
    private static String errorText(String body) {
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                StringBuilder text = new StringBuilder();
                for (JsonNode e : errors) {
                    String error = e.asText();
                    text.append(text.isEmpty() ? "" : " | ").append(error.lines().findFirst().orElse(""));
                    // the server's stack trace ends with the root cause, the line that says what went wrong
                    error.lines().filter(l -> l.startsWith("Caused by: ")).reduce((a, b) -> b)
                            .ifPresent(cause -> text.append(" ").append(cause));
                }
                return text.toString();
            }
        } catch (IOException notJson) {
            // fall through to the raw body
        }
        return body;
    }
}
