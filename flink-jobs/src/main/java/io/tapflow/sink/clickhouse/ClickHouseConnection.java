package io.tapflow.sink.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.command.CommandSettings;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The sink's only use of client-v2: one attempt per call, no retries (the caller retries with
 * {@link RetryPolicy}). Set up for ClickHouse 18.16 as well as modern servers:
 * <ul>
 *   <li>response compression off: 18.16 answers {@code compress=1} with an empty body, so every
 *       SELECT would silently return nothing;</li>
 *   <li>request compression is ClickHouse's LZ4 framing ({@code decompress=1}); 18.16 rejects the
 *       HTTP {@code Content-Encoding: lz4} that client-v2's HTTP compression sends;</li>
 *   <li>every SELECT names its output format in the SQL and is read as text: client-v2 asks for
 *       RowBinaryWithNamesAndTypes in the X-ClickHouse-Format header, which 18.16 ignores (it
 *       answers TabSeparated, and has no such format anyway), so client-v2's readers see
 *       nothing or garbage.</li>
 * </ul>
 */
final class ClickHouseConnection implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Client client;

    private ClickHouseConnection(Client client) {
        this.client = client;
    }

    static ClickHouseConnection open(ClickHouseSinkConfig config) {
        long timeout = config.requestTimeout().toMillis();
        Client client = new Client.Builder()
                .addEndpoint(config.endpoint())
                .setUsername(config.username())
                .setPassword(config.password())
                .setDefaultDatabase(config.database())
                .compressServerResponse(false)
                .compressClientRequest(config.compression() == ClickHouseSinkConfig.Compression.LZ4)
                .useHttpCompression(false)
                .setMaxRetries(0)
                .setConnectTimeout(Math.min(timeout, 10_000L), ChronoUnit.MILLIS)
                .setSocketTimeout(timeout, ChronoUnit.MILLIS)
                .setClientName("tapflow-clickhouse-sink")
                .build();
        return new ClickHouseConnection(client);
    }

    /** Runs a statement that returns no rows (DDL, INSERT ... SELECT, ALTER). */
    void execute(String sql) throws Exception {
        execute(sql, null, Map.of());
    }

    /** As {@link #execute(String)}, under a given query id (null: the server's) and with server settings. */
    void execute(String sql, String queryId, Map<String, String> serverSettings) throws Exception {
        CommandSettings settings = new CommandSettings();
        if (queryId != null) {
            settings.setQueryId(queryId);
        }
        serverSettings.forEach(settings::serverSetting);
        try (CommandResponse ignored = client.execute(sql, settings).get()) {
            // the response is empty; errors arrive as exceptions
        } catch (ExecutionException e) {
            throw rethrow(e);
        }
    }

    /** Runs a SELECT (without FORMAT) and returns its rows as JSON objects. */
    List<JsonNode> query(String select) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        try (QueryResponse r = client.query(select + " FORMAT JSONEachRow").get();
                BufferedReader in = new BufferedReader(new InputStreamReader(r.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    rows.add(JSON.readTree(line));
                }
            }
        } catch (ExecutionException e) {
            throw rethrow(e);
        }
        return rows;
    }

    /**
     * Sends a batch of JSONEachRow rows to {@code qualifiedTable} (already quoted). The body is
     * written by a callback that writes the whole batch each time it is called: Apache HttpClient
     * inside client-v2 re-sends a request answered 503 by itself, calling the callback again, and
     * with client-v2's InputStream variant the re-sent body is empty (the stream is spent), which
     * the server accepts as an insert of no rows.
     */
    void insert(String qualifiedTable, JsonRowWriter rows, Map<String, String> serverSettings) throws Exception {
        InsertSettings settings = new InsertSettings();
        serverSettings.forEach(settings::serverSetting);
        try (InsertResponse ignored = client.insert(qualifiedTable, rows::writeTo, ClickHouseFormat.JSONEachRow, settings).get()) {
            // 18.16 sends no X-ClickHouse-Summary: the response carries no row count to check
        } catch (ExecutionException e) {
            throw rethrow(e);
        }
    }

    ServerVersion serverVersion() throws Exception {
        return ServerVersion.parse(query("SELECT version() AS v").get(0).get("v").asText());
    }

    /** The table's columns, in table order; fails when the table does not exist. */
    TableColumns describe(String database, String table) throws Exception {
        List<TableColumns.Column> columns = new ArrayList<>();
        for (JsonNode row : query("SELECT name, type, default_kind, default_expression FROM system.columns WHERE database = "
                + Sql.str(database) + " AND table = " + Sql.str(table))) {
            columns.add(new TableColumns.Column(row.get("name").asText(), ColumnType.parse(row.get("type").asText()),
                    TableColumns.kind(row.get("default_kind").asText()), row.get("default_expression").asText()));
        }
        if (columns.isEmpty()) {
            throw new ClickHouseSinkException("table " + database + "." + table
                    + " does not exist: create it before starting the job (the schema manager owns the DDL)");
        }
        return new TableColumns(database, table, columns);
    }

    private static Exception rethrow(ExecutionException e) {
        Throwable cause = ClickHouseErrors.unwrap(e);
        return cause instanceof Exception ex ? ex : e;
    }

    @Override
    public void close() {
        client.close();
    }
}
