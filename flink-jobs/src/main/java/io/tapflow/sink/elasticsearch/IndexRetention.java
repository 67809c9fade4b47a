package io.tapflow.sink.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the daily indices of a prefix that are older than a number of days. ILM (Elasticsearch)
 * and ISM (OpenSearch) are where the servers differ, so retention uses only what they share:
 * {@code GET _cat/indices} and {@code DELETE} of indices named one by one (8.x refuses wildcard
 * deletes by default).
 */
public final class IndexRetention {
    private static final Logger LOG = LoggerFactory.getLogger(IndexRetention.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private IndexRetention() {}

    /**
     * Deletes {@code <prefix>-YYYY.MM.DD} indices whose day is before {@code today - keepDays + 1},
     * i.e. keeps {@code keepDays} days including today. Returns the deleted names.
     */
    public static List<String> deleteOlderThan(ElasticsearchSinkConfig config, String prefix, int keepDays, LocalDate today)
            throws IOException, InterruptedException {
        return deleteOlderThan(new ElasticsearchHttp(config), prefix, keepDays, today);
    }

    static List<String> deleteOlderThan(ElasticsearchHttp http, String prefix, int keepDays, LocalDate today)
            throws IOException, InterruptedException {
        if (keepDays < 1) {
            throw new IllegalArgumentException("keepDays must be >= 1, got " + keepDays);
        }
        ElasticsearchHttp.Response r = http.send("GET", "/_cat/indices/" + prefix + "-*?h=index&format=json", null);
        if (r.status() == 404) {
            return List.of();
        }
        if (r.status() / 100 != 2) {
            throw new ElasticsearchSinkException("listing " + prefix + "-* on " + http.url() + ": HTTP " + r.status() + " " + r.text());
        }
        LocalDate oldestKept = today.minusDays(keepDays - 1L);
        Pattern daily = Pattern.compile(Pattern.quote(prefix) + "-(\\d{4})\\.(\\d{2})\\.(\\d{2})");
        List<String> expired = new ArrayList<>();
        for (JsonNode row : JSON.readTree(r.body())) {
            String name = row.path("index").asText();
            Matcher m = daily.matcher(name);
            if (m.matches()) {
                LocalDate day = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                if (day.isBefore(oldestKept)) {
                    expired.add(name);
                }
            }
        }
        for (String name : expired) {
            ElasticsearchHttp.Response d = http.send("DELETE", "/" + name, null);
            if (d.status() / 100 != 2 && d.status() != 404) {
                throw new ElasticsearchSinkException("deleting expired index " + name + ": HTTP " + d.status() + " " + d.text());
            }
            LOG.info("deleted expired index {} (keeping {} days)", name, keepDays);
        }
        return expired;
    }
}
