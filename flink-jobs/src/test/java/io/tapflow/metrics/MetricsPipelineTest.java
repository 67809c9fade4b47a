package io.tapflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.flow.CloseType;
import io.tapflow.flow.FlowMeter;
import io.tapflow.gen.CaptureGenerator;
import io.tapflow.schema.L4FlowLog;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollup on real pipeline output: every capture-gen scenario ("all": handshakes, HTTP, DNS,
 * retransmissions, zero windows, resets, closes, port reuse, a 150 s flow, tunnels, fragments, ICMP)
 * through the flow engine and the rollup in a MiniCluster with parallelism 2 (so the shuffle is real).
 */
class MetricsPipelineTest {
    /** Flow-log columns that are metric counters under the same name. */
    private static final List<String> SHARED_COUNTERS = MetricColumns.SUMS.stream()
            .filter(c -> L4FlowLog.getClassSchema().getField(c) != null).toList();

    @TempDir
    static Path dir;
    static PipelineRun run;

    @BeforeAll
    static void replay() throws Exception {
        run = PipelineRun.ofScenario("all", dir, 2);
    }

    @Test
    void theCaptureCoversWhatTheProofsNeed() {
        assertThat(run.flowLogs).hasSizeGreaterThan(50);
        assertThat(run.flowLogs).extracting(L4FlowLog::getCloseType).contains(CloseType.TCP_FIN, CloseType.TIMEOUT, CloseType.FORCED_REPORT,
                CloseType.TCP_CLIENT_RST, CloseType.TCP_SERVER_RST, CloseType.SERVER_RESET, CloseType.CLIENT_SYN_REPEAT);
        assertThat(sum(run.flowLogs, "retrans_tx") + sum(run.flowLogs, "retrans_rx")).isPositive();
        assertThat(sum(run.flowLogs, "zero_win_tx") + sum(run.flowLogs, "zero_win_rx")).isPositive();
        assertThat(run.network1m.stream().map(r -> r.getTime()).distinct().count()).as("minutes").isGreaterThanOrEqualTo(3);
        assertThat(run.lateDocuments).as("late documents in an in-order replay").isZero();
    }

    @Test
    void everyTableAddsUpToTheFlowLogsExactly() {
        addsUpToTheFlowLogs(run);
    }

    @Test
    void oneMinuteRowsAreTheRollupOfTheOneSecondRows() {
        minutesAreTheRollupOfSeconds(run);
    }

    @Test
    void activeConnectionsAreDistinct4TuplesWithTheManualsRules() {
        activeConnections(run);
    }

    /** The same proofs on a scaled mix (HTTP, DNS, VXLAN, VLAN, IPv6, ICMP, resets, long flows): 100 000 packets, 300 new flows/s. */
    @Test
    void theProofsHoldOnAScaledMix() throws Exception {
        Path capture = dir.resolve("mix.pcap");
        new CaptureGenerator().seed(3).packets(100_000).flowsPerSecond(300).writeTruthFile(false).generate("mix", capture);
        PipelineRun mix = PipelineRun.run(capture, 2);
        assertThat(mix.flowLogs).hasSizeGreaterThan(1_000);
        assertThat(mix.lateDocuments).isZero();
        addsUpToTheFlowLogs(mix);
        minutesAreTheRollupOfSeconds(mix);
        activeConnections(mix);
    }

    private static void addsUpToTheFlowLogs(PipelineRun run) {
        for (var table : Map.of("network_map_1s", records(run.networkMap1s), "network_map_1m", records(run.networkMap1m),
                "network_1s", records(run.network1s), "network_1m", records(run.network1m)).entrySet()) {
            List<List<GenericRecord>> parts = table.getKey().startsWith("network_map")
                    ? List.of(table.getValue())
                    : List.of(role(table.getValue(), 0), role(table.getValue(), 1));
            for (List<GenericRecord> rows : parts) {
                for (String c : SHARED_COUNTERS) {
                    assertThat(sum(rows, c)).as("%s.%s", table.getKey(), c).isEqualTo(sum(run.flowLogs, c));
                }
                for (String c : MetricColumns.MAXES) {
                    assertThat(max(rows, c)).as("%s.%s", table.getKey(), c).isEqualTo(max(run.flowLogs, c));
                }
                assertThat(sum(rows, "new_flow")).as("%s new flows", table.getKey())
                        .isEqualTo(run.flowLogs.stream().filter(f -> f.getIsNewFlow() == 1).count());
                assertThat(sum(rows, "closed_flow")).as("%s closed flows", table.getKey())
                        .isEqualTo(run.flowLogs.stream().filter(f -> f.getCloseType() != CloseType.FORCED_REPORT).count());
                for (int closeType = 0; closeType < 32; closeType++) {
                    int column = MetricColumns.closeReasonColumn(closeType);
                    if (column >= 0) {
                        int ct = closeType;
                        assertThat(sum(rows, MetricColumns.SUMS.get(column))).as("%s close type %d", table.getKey(), ct)
                                .isEqualTo(run.flowLogs.stream().filter(f -> f.getProtocol() == 6 && f.getCloseType() == ct).count());
                    }
                }
            }
        }
        assertThat(sum(run.flowLogs, "packet_tx")).isPositive();
    }

    private static void minutesAreTheRollupOfSeconds(PipelineRun run) {
        for (var pair : List.of(List.of(records(run.network1s), records(run.network1m)),
                List.of(records(run.networkMap1s), records(run.networkMap1m)))) {
            Map<String, long[]> fromSeconds = rollUp(pair.get(0), 60);
            Map<String, long[]> minutes = rollUp(pair.get(1), 60);
            assertThat(minutes.keySet()).isEqualTo(fromSeconds.keySet());
            minutes.forEach((key, values) -> assertThat(values).as(key).containsExactly(fromSeconds.get(key)));
            assertThat(pair.get(1)).allSatisfy(r -> assertThat(r.get("period")).isEqualTo(60));
            assertThat(pair.get(0)).allSatisfy(r -> assertThat(r.get("period")).isEqualTo(1));
        }
    }

    private static void activeConnections(PipelineRun run) {
        // 1 min: every 4-tuple with a flow-log record in the minute (a flow alive across a minute has one there)
        Set<String> alivePerMinute = new HashSet<>();
        for (L4FlowLog f : run.flowLogs) {
            alivePerMinute.add(fourTuple(f) + "@" + Math.floorDiv(f.getStartTime().getEpochSecond(), 60));
        }
        assertThat(sum(records(run.networkMap1m), "flow_load")).isEqualTo(alivePerMinute.size());
        assertThat(sum(role(records(run.network1m), 1), "flow_load")).isEqualTo(alivePerMinute.size());
        assertThat(sum(role(records(run.network1m), 0), "flow_load")).isEqualTo(alivePerMinute.size());
        // 1 s: 4-tuples with traffic in the second, or alive at the minute's first second
        Set<String> activePerSecond = new HashSet<>();
        for (FlowMeter m : run.meters) {
            if (m.counters.packets[0] + m.counters.packets[1] > 0 || m.aliveAtMinuteStart == 1) {
                activePerSecond.add(fourTuple(m) + "@" + m.timeSec);
            }
        }
        assertThat(sum(records(run.networkMap1s), "flow_load")).isEqualTo(activePerSecond.size());
        assertThat(sum(role(records(run.network1s), 1), "flow_load")).isEqualTo(activePerSecond.size());
        // long flows are counted at the first second of every minute they live across, idle or not
        assertThat(run.meters.stream().filter(m -> m.aliveAtMinuteStart == 1).count()).isGreaterThanOrEqualTo(2);
    }

    /** Tag set (every column but time, period and the counters) + bucket of the given length → counters summed, maxima. */
    private static Map<String, long[]> rollUp(List<GenericRecord> rows, int period) {
        Map<String, long[]> out = new HashMap<>();
        for (GenericRecord r : rows) {
            StringBuilder key = new StringBuilder();
            key.append(Math.floorDiv((Long) r.get("time"), period));
            for (Schema.Field f : r.getSchema().getFields()) {
                String n = f.name();
                if (!n.equals("time") && !n.equals("period") && !MetricColumns.SUMS.contains(n) && !MetricColumns.MAXES.contains(n)
                        && !n.equals(MetricColumns.FLOW_LOAD)) {
                    Object v = r.get(n);
                    key.append('|').append(v instanceof ByteBuffer b ? b.duplicate().remaining() + ":" + b.hashCode() : v);
                }
            }
            long[] acc = out.computeIfAbsent(key.toString(), k -> new long[MetricColumns.SUMS.size() + MetricColumns.MAXES.size()]);
            for (int i = 0; i < MetricColumns.SUMS.size(); i++) {
                acc[i] += (Long) r.get(MetricColumns.SUMS.get(i));
            }
            for (int i = 0; i < MetricColumns.MAXES.size(); i++) {
                int j = MetricColumns.SUMS.size() + i;
                acc[j] = Math.max(acc[j], (Long) r.get(MetricColumns.MAXES.get(i)));
            }
        }
        return out;
    }

    private static String fourTuple(L4FlowLog f) {
        return f.getIsIpv4() == 1
                ? f.getIp40() + ">" + f.getIp41() + "/" + f.getProtocol() + "/" + f.getServerPort()
                : f.getIp60().hashCode() + ">" + f.getIp61().hashCode() + "/" + f.getProtocol() + "/" + f.getServerPort();
    }

    private static String fourTuple(FlowMeter m) {
        return m.ipVersion == 4
                ? MeterDocuments.lo(m.ipClient) + ">" + MeterDocuments.lo(m.ipServer) + "/" + m.protocol + "/" + m.serverPort
                : ByteBuffer.wrap(m.ipClient).hashCode() + ">" + ByteBuffer.wrap(m.ipServer).hashCode() + "/" + m.protocol + "/" + m.serverPort;
    }

    static List<GenericRecord> records(List<? extends SpecificRecordBase> rows) {
        return new ArrayList<>(rows);
    }

    private static List<GenericRecord> role(List<GenericRecord> rows, int role) {
        return rows.stream().filter(r -> (Integer) r.get("role") == role).toList();
    }

    static long sum(List<? extends GenericRecord> rows, String column) {
        return rows.stream().mapToLong(r -> ((Number) r.get(column)).longValue()).sum();
    }

    private static long max(List<? extends GenericRecord> rows, String column) {
        return rows.stream().mapToLong(r -> ((Number) r.get(column)).longValue()).max().orElse(0);
    }
}
