package io.tapflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.gen.CaptureGenerator;
import io.tapflow.sink.clickhouse.AvroRowSerializer;
import io.tapflow.sink.clickhouse.ClickHouseSink;
import io.tapflow.sink.clickhouse.ClickHouseSinkConfig;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.connector.sink2.Sink;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metric streams into ClickHouse through the project's exactly-once sink (the wiring a job uses:
 * {@link MetricsStreams#sinkToTables}), on the local server: every row lands once, and on current
 * servers the 1 h / 1 d rollups (materialized views over network_1m) follow.
 */
@Tag("stack")
class MetricsClickHouseSinkTest {
    @TempDir
    Path dir;

    @Test
    void everyRowLandsOnceAndTheRollupsFollow() throws Exception {
        Path capture = dir.resolve("all.pcap");
        new CaptureGenerator().seed(7).writeTruthFile(false).generate("all", capture);
        try (LocalClickHouse ch = new LocalClickHouse()) {
            String prefix = ch.prefix;
            String endpoint = ch.endpoint();
            PipelineRun run = PipelineRun.run(capture, 2, MetricsConfig.defaults(), (env, streams) -> {
                env.enableCheckpointing(500);
                streams.sinkToTables(new TableSinkFactory() {
                    @Override
                    public <T extends SpecificRecordBase> Sink<T> create(String database, String table, Class<T> type) {
                        return new ClickHouseSink<>(ClickHouseSinkConfig.builder().endpoint(endpoint).table(prefix + database, table)
                                .metaDatabase(prefix + "tapflow_meta").sinkId(prefix + table).build(), AvroRowSerializer.forClass(type));
                    }
                });
            });
            for (var t : List.of(List.of("network_1s", run.network1s), List.of("network_1m", run.network1m),
                    List.of("network_map_1s", run.networkMap1s), List.of("network_map_1m", run.networkMap1m))) {
                String table = prefix + "flow_metrics." + t.get(0);
                @SuppressWarnings("unchecked")
                List<SpecificRecordBase> expected = (List<SpecificRecordBase>) t.get(1);
                QueryResult r = ch.select("SELECT count() AS rows, sum(byte_tx) AS bytes, sum(flow_load) AS load, max(rtt_max) AS rtt FROM " + table);
                assertThat(r.whole(0, "rows")).as(table).isEqualTo(expected.size());
                assertThat(r.whole(0, "bytes")).as(table).isEqualTo(MetricsPipelineTest.sum(MetricsPipelineTest.records(expected), "byte_tx"));
                assertThat(r.whole(0, "load")).as(table).isEqualTo(MetricsPipelineTest.sum(MetricsPipelineTest.records(expected), "flow_load"));
            }
            // the sink writes through a materialized view of its own; current servers cascade it into the
            // rollups' views, 18.16 does not: there `./tapflow schema rollup` rebuilds them (RollupRebuildStackTest)
            long bytes = ch.legacy ? 0 : MetricsPipelineTest.sum(MetricsPipelineTest.records(run.network1m), "byte_tx");
            for (String rollup : List.of("network_1h", "network_1d")) {
                assertThat(ch.select("SELECT sum(byte_tx) AS bytes FROM " + prefix + "flow_metrics." + rollup).whole(0, "bytes"))
                        .as("%s on ClickHouse %s", rollup, ch.version).isEqualTo(bytes);
            }
        }
    }
}
