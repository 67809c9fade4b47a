package io.tapflow.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapflow.jobs.ReplayJob;
import io.tapflow.jobs.ReplayOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code tapflow replay} in-process and reads back its JSON lines and its standard error. */
record ReplayRun(int exitStatus, List<JsonNode> records, String stderr, byte[] output) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ReplayRun of(Path capture, Path out, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(capture.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        try (PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(tee);
            status = ReplayJob.run(ReplayOptions.parse(args.toArray(String[]::new)));
        } finally {
            System.setErr(err);
        }
        return new ReplayRun(status, read(out), captured.toString(StandardCharsets.UTF_8),
                Files.exists(out) ? Files.readAllBytes(out) : new byte[0]);
    }

    private static List<JsonNode> read(Path out) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        if (Files.exists(out)) {
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                records.add(JSON.readTree(line));
            }
        }
        return records;
    }
}
