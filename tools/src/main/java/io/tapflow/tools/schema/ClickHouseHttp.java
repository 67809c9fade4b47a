package io.tapflow.tools.schema;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The ClickHouse HTTP interface, enough for DDL and small queries. Every SELECT sent through
 * {@link #rows} ends with {@code FORMAT TabSeparated}: ClickHouse 18.16 answers a query without
 * an explicit format with nothing at all.
 */
public final class ClickHouseHttp {

    private final URI endpoint;
    private final String authorization;
    private final HttpClient http;

    /**
     * @param host     server host, e.g. 127.0.0.1
     * @param port     HTTP port (tapflow's local default: 18123, TAPFLOW_CLICKHOUSE_HTTP_PORT)
     * @param user     user name (ClickHouse default: {@code default})
     * @param password password, empty for none
     */
    public ClickHouseHttp(String host, int port, String user, String password) {
        this.endpoint = URI.create("http://" + host + ":" + port + "/");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Runs a statement that returns nothing (DDL, INSERT with inline data). */
    public void execute(String sql) {
        send(sql);
    }

    /** Runs a SELECT and returns its rows as tab-separated fields (values are unescaped). */
    public List<String[]> rows(String select) {
        String body = send(select + "\nFORMAT TabSeparated");
        List<String[]> rows = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                String[] fields = line.split("\t", -1);
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = unescape(fields[i]);
                }
                rows.add(fields);
            }
        }
        return rows;
    }

    /** Runs {@code INSERT ... FORMAT X} (in the URL) with {@code data} as the body, e.g. RowBinary rows. */
    public void insert(String insertSql, byte[] data) {
        URI uri = URI.create(endpoint + "?query=" + java.net.URLEncoder.encode(insertSql, StandardCharsets.UTF_8));
        send(HttpRequest.newBuilder(uri), HttpRequest.BodyPublishers.ofByteArray(data), insertSql);
    }

    /** The server's version string ({@code SELECT version()}). */
    public ServerVersion version() {
        List<String[]> r = rows("SELECT version()");
        if (r.size() != 1) {
            throw new ClickHouseException("SELECT version() returned " + r.size() + " rows from " + endpoint);
        }
        return ServerVersion.parse(r.get(0)[0]);
    }

    private String send(String sql) {
        return send(HttpRequest.newBuilder(endpoint), HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8), sql);
    }

    private String send(HttpRequest.Builder builder, HttpRequest.BodyPublisher body, String sql) {
        HttpRequest request = builder
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", authorization)
                .POST(body)
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ClickHouseException("cannot reach ClickHouse at " + endpoint + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + " (is it running? the port is TAPFLOW_CLICKHOUSE_HTTP_PORT)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseException("interrupted while talking to " + endpoint, e);
        }
        if (response.statusCode() != 200) {
            throw new ClickHouseException("ClickHouse at " + endpoint + " rejected\n" + abbreviate(sql) + "\nwith HTTP "
                    + response.statusCode() + ": " + response.body().trim());
        }
        return response.body();
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 400 ? sql : sql.substring(0, 400) + " ...";
    }

    private static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char n = field.charAt(++i);
                sb.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A failed call, with the server's own message. */
    public static final class ClickHouseException extends RuntimeException {
        public ClickHouseException(String message) {
            super(message);
        }

        public ClickHouseException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
