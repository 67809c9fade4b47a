package io.tapflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tapflow.flow.CloseType;
import io.tapflow.flow.FlowMeter;
import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.NetworkMetrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What each example in sql/examples must answer on the pipeline output, computed independently in
 * Java: from the flow logs (per-flow records) wherever the question allows, else from the meters or
 * the 1 s rows (per-second values the flow logs do not have).
 */
final class ExampleAnswers {
    /** Values the examples round (to 3 or 4 decimals, ClickHouse rounds float ties to even) match to this. */
    private static final double EPS = 1.1e-3;
    private static final Set<Integer> SETUP_FAILURES = Set.of(CloseType.CLIENT_SYN_REPEAT, CloseType.CLIENT_SOURCE_PORT_REUSE,
            CloseType.CLIENT_ESTABLISH_OTHER_RST, CloseType.SERVER_SYN_ACK_REPEAT, CloseType.SERVER_RESET, CloseType.SERVER_QUEUE_LACK,
            CloseType.SERVER_ESTABLISH_OTHER_RST);
    private static final Set<Integer> EXCEPTIONS = union(SETUP_FAILURES, Set.of(CloseType.TCP_CLIENT_RST, CloseType.TCP_SERVER_RST,
            CloseType.CLIENT_HALF_CLOSE, CloseType.SERVER_HALF_CLOSE, CloseType.TIMEOUT));

    private final PipelineRun run;
    private final List<L4FlowLog> tcp;

    ExampleAnswers(PipelineRun run) {
        this.run = run;
        this.tcp = run.flowLogs.stream().filter(f -> f.getProtocol() == 6).toList();
    }

    /** Checks one example's result; every example is covered. */
    void check(String example, QueryResult r, String prefix) {
        switch (example.substring(0, 2)) {
            case "01" -> exceptionRatio(r);
            case "02" -> rttP95PerVpc(r);
            case "03" -> retransPerEdge(r);
            case "04" -> activeConnections(r);
            case "05" -> latencySpread(r);
            case "06" -> newFlowsByPort(r);
            case "07" -> topTalkers(r);
            case "08" -> setupFailures(r);
            case "09" -> hourly(r);
            case "10" -> zeroWindows(r);
            case "11" -> assertThat(r.rows()).as("no L7 metrics are produced yet").isEmpty();
            case "12" -> distinctClients(r);
            case "13" -> reconcile(r, prefix);
            case "14" -> assertThat(r.rows()).as("1 min rows that are not the rollup of their 1 s rows").isEmpty();
            default -> throw new AssertionError("no answer known for example " + example);
        }
    }

    private void exceptionRatio(QueryResult r) {
        record Row(String server, int port, long closed, double ratio) {}
        List<Row> expected = new ArrayList<>();
        group(tcp, f -> ip(f, 1) + "|" + f.getServerPort()).forEach((k, flows) -> {
            long closed = flows.stream().filter(f -> f.getCloseType() != CloseType.FORCED_REPORT).count();
            long bad = flows.stream().filter(f -> EXCEPTIONS.contains(f.getCloseType())).count();
            if (closed > 0) {
                expected.add(new Row(k.split("\\|")[0], Integer.parseInt(k.split("\\|")[1]), closed, round(100.0 * bad / closed, 4)));
            }
        });
        expected.sort(Comparator.comparingDouble(Row::ratio).reversed().thenComparing(Comparator.comparingLong(Row::closed).reversed())
                .thenComparing(Row::server).thenComparingInt(Row::port));
        List<Row> top = expected.subList(0, Math.min(10, expected.size()));
        assertThat(r.size()).isEqualTo(top.size()).isPositive();
        assertThat(top.get(0).ratio()).isPositive();
        for (int i = 0; i < top.size(); i++) {
            assertThat(r.text(i, "server")).isEqualTo(top.get(i).server());
            assertThat(r.whole(i, "server_port")).isEqualTo((long) top.get(i).port());
            assertThat(r.whole(i, "closed_flows")).isEqualTo((long) top.get(i).closed());
            assertThat(r.num(i, "exception_ratio_pct")).isCloseTo(top.get(i).ratio(), within(EPS));
        }
    }

    private void rttP95PerVpc(QueryResult r) {
        Map<Integer, List<Double>> perVpc = new TreeMap<>();
        Map<Integer, Long> peak = new HashMap<>();
        group(role(run.network1s, 1), m -> m.getL3EpcId() + "|" + m.getTime()).values().forEach(rows -> {
            long sum = rows.stream().mapToLong(NetworkMetrics::getRttSum).sum();
            long count = rows.stream().mapToLong(NetworkMetrics::getRttCount).sum();
            if (count > 0) {
                int vpc = rows.get(0).getL3EpcId();
                perVpc.computeIfAbsent(vpc, v -> new ArrayList<>()).add((double) sum / count);
                peak.merge(vpc, rows.stream().mapToLong(NetworkMetrics::getRttMax).max().orElse(0), Math::max);
            }
        });
        assertThat(r.size()).isEqualTo(perVpc.size()).isPositive();
        int i = 0;
        for (var e : perVpc.entrySet()) {
            List<Double> v = e.getValue().stream().sorted().toList();
            assertThat(r.whole(i, "vpc")).isEqualTo((long) e.getKey());
            assertThat(r.whole(i, "seconds_with_handshakes")).isEqualTo((long) v.size());
            assertThat(r.num(i, "rtt_p95_us")).isCloseTo(v.get((int) Math.max(Math.ceil(0.95 * v.size()), 1) - 1), within(EPS));
            assertThat(r.num(i, "rtt_avg_us")).isCloseTo(round(v.stream().mapToDouble(d -> d).average().orElseThrow(), 3), within(EPS));
            assertThat(r.whole(i, "rtt_max_us")).isEqualTo((long) peak.get(e.getKey()));
            i++;
        }
    }

    private void retransPerEdge(QueryResult r) {
        record Row(String client, String server, int port, long packets, long retrans, double ratio) {}
        List<Row> expected = new ArrayList<>();
        group(tcp, f -> ip(f, 0) + "|" + ip(f, 1) + "|" + f.getServerPort()).forEach((k, flows) -> {
            long packets = flows.stream().mapToLong(f -> f.getPacketTx() + f.getPacketRx()).sum();
            long retrans = flows.stream().mapToLong(f -> f.getRetransTx() + f.getRetransRx()).sum();
            String[] p = k.split("\\|");
            if (retrans > 0) {
                expected.add(new Row(p[0], p[1], Integer.parseInt(p[2]), packets, retrans, round(100.0 * retrans / packets, 4)));
            }
        });
        expected.sort(Comparator.comparingDouble(Row::ratio).reversed().thenComparing(Row::client).thenComparing(Row::server)
                .thenComparingInt(Row::port));
        assertThat(r.size()).isEqualTo(expected.size()).isPositive();
        for (int i = 0; i < expected.size(); i++) {
            Row e = expected.get(i);
            assertThat(List.of(r.text(i, "client"), r.text(i, "server"), r.text(i, "server_port")))
                    .containsExactly(e.client(), e.server(), Integer.toString(e.port()));
            assertThat(r.whole(i, "packets")).isEqualTo((long) e.packets());
            assertThat(r.whole(i, "retransmissions")).isEqualTo((long) e.retrans());
            assertThat(r.num(i, "retrans_ratio_pct")).isCloseTo(e.ratio(), within(EPS));
        }
    }

    private void activeConnections(QueryResult r) {
        Map<Long, Set<String>> alive = new TreeMap<>();
        for (L4FlowLog f : run.flowLogs) {
            alive.computeIfAbsent(Math.floorDiv(f.getStartTime().getEpochSecond(), 60) * 60, m -> new HashSet<>())
                    .add(ip(f, 0) + ">" + ip(f, 1) + "/" + f.getProtocol() + "/" + f.getServerPort());
        }
        Map<Long, Long> newFlows = new HashMap<>();
        Map<Long, Long> closed = new HashMap<>();
        for (FlowMeter m : run.meters) {
            long minute = Math.floorDiv(m.timeSec, 60) * 60;
            newFlows.merge(minute, (long) m.newFlow, Long::sum);
            closed.merge(minute, (long) m.closed, Long::sum);
        }
        assertThat(r.size()).isEqualTo(alive.size()).isGreaterThanOrEqualTo(3);
        int i = 0;
        for (var e : alive.entrySet()) {
            assertThat(r.text(i, "minute")).isEqualTo(dateTime(e.getKey()));
            assertThat(r.whole(i, "active_connections")).as("minute %s", r.text(i, "minute")).isEqualTo((long) e.getValue().size());
            assertThat(r.whole(i, "new_flows")).isEqualTo((long) newFlows.getOrDefault(e.getKey(), 0L));
            assertThat(r.whole(i, "closed_flows")).isEqualTo((long) closed.getOrDefault(e.getKey(), 0L));
            i++;
        }
    }

    private void latencySpread(QueryResult r) {
        record Row(String server, int port, int n, double min, double max, double spread, double stddev) {}
        Map<String, List<Double>> perServer = new HashMap<>();
        group(role(run.network1s, 1), m -> ip(m) + "|" + m.getServerPort() + "|" + m.getTime()).forEach((k, rows) -> {
            long sum = rows.stream().mapToLong(NetworkMetrics::getArtSum).sum();
            long count = rows.stream().mapToLong(NetworkMetrics::getArtCount).sum();
            if (count > 0) {
                perServer.computeIfAbsent(k.substring(0, k.lastIndexOf('|')), s -> new ArrayList<>()).add((double) sum / count);
            }
        });
        List<Row> expected = new ArrayList<>();
        perServer.forEach((k, v) -> {
            double min = v.stream().mapToDouble(d -> d).min().orElseThrow();
            double max = v.stream().mapToDouble(d -> d).max().orElseThrow();
            double mean = v.stream().mapToDouble(d -> d).average().orElseThrow();
            double var = v.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum() / v.size();
            expected.add(new Row(k.split("\\|")[0], Integer.parseInt(k.split("\\|")[1]), v.size(), round(min, 3), round(max, 3),
                    round(max - min, 3), round(Math.sqrt(var), 3)));
        });
        expected.sort(Comparator.comparingDouble(Row::spread).reversed().thenComparing(Row::server).thenComparingInt(Row::port));
        List<Row> top = expected.subList(0, Math.min(10, expected.size()));
        assertThat(r.size()).isEqualTo(top.size()).isPositive();
        assertThat(top.get(0).spread()).isPositive();
        for (int i = 0; i < top.size(); i++) {
            Row e = top.get(i);
            assertThat(r.text(i, "server")).isEqualTo(e.server());
            assertThat(r.whole(i, "server_port")).isEqualTo((long) e.port());
            assertThat(r.whole(i, "seconds_with_samples")).isEqualTo((long) e.n());
            assertThat(r.num(i, "art_spread_us")).isCloseTo(e.spread(), within(EPS));
            assertThat(r.num(i, "art_stddev_us")).isCloseTo(e.stddev(), within(1e-3));
            assertThat(r.num(i, "art_min_us")).isCloseTo(e.min(), within(EPS));
            if (e.min() > 0) {
                assertThat(r.num(i, "art_rspread")).isCloseTo(round(e.max() / e.min(), 4), within(1e-3));
            }
        }
    }

    private void newFlowsByPort(QueryResult r) {
        Map<String, Long> total = new HashMap<>();
        for (L4FlowLog f : run.flowLogs) {
            if (f.getIsNewFlow() == 1) {
                total.merge(f.getServerPort() + "|" + f.getProtocol(), 1L, Long::sum);
            }
        }
        Map<String, Long> perSecond = new HashMap<>();
        for (FlowMeter m : run.meters) {
            if (m.newFlow == 1) {
                perSecond.merge(m.serverPort + "|" + m.protocol + "|" + m.timeSec, 1L, Long::sum);
            }
        }
        Map<String, Long> peak = new HashMap<>();
        perSecond.forEach((k, n) -> peak.merge(k.substring(0, k.lastIndexOf('|')), n, Math::max));
        List<String> keys = new ArrayList<>(total.keySet());
        keys.sort(Comparator.<String>comparingLong(total::get).reversed()
                .thenComparingInt(k -> Integer.parseInt(k.split("\\|")[0])).thenComparingInt(k -> Integer.parseInt(k.split("\\|")[1])));
        assertThat(r.size()).isEqualTo(keys.size()).isPositive();
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            assertThat(r.text(i, "server_port") + "|" + r.text(i, "protocol")).isEqualTo(k);
            assertThat(r.whole(i, "new_flows")).isEqualTo((long) total.get(k));
            assertThat(r.num(i, "avg_new_fps")).isCloseTo(round(total.get(k) / 3600.0, 6), within(EPS));
            assertThat(r.whole(i, "max_new_fps")).isEqualTo((long) peak.get(k));
        }
    }

    private void topTalkers(QueryResult r) {
        record Row(String client, long sent, long received, long services) {}
        List<Row> expected = new ArrayList<>();
        group(run.flowLogs, f -> ip(f, 0)).forEach((client, flows) -> expected.add(new Row(client,
                flows.stream().mapToLong(L4FlowLog::getByteTx).sum(), flows.stream().mapToLong(L4FlowLog::getByteRx).sum(),
                flows.stream().map(f -> f.getProtocol() + "/" + f.getServerPort()).distinct().count())));
        expected.sort(Comparator.<Row>comparingLong(x -> x.sent() + x.received()).reversed().thenComparing(Row::client));
        List<Row> top = expected.subList(0, Math.min(10, expected.size()));
        assertThat(r.size()).isEqualTo(top.size());
        for (int i = 0; i < top.size(); i++) {
            Row e = top.get(i);
            assertThat(r.text(i, "client")).isEqualTo(e.client());
            assertThat(r.whole(i, "bytes_sent")).isEqualTo((long) e.sent());
            assertThat(r.whole(i, "bytes_received")).isEqualTo((long) e.received());
            assertThat(r.num(i, "avg_bps")).isCloseTo(round((e.sent() + e.received()) * 8 / 3600.0, 3), within(EPS));
            assertThat(r.whole(i, "distinct_services")).isEqualTo((long) e.services());
        }
    }

    private void setupFailures(QueryResult r) {
        record Row(String server, int port, long failures, long synRepeats, long resetsToSyn, double ratio) {}
        List<Row> expected = new ArrayList<>();
        group(tcp, f -> ip(f, 1) + "|" + f.getServerPort()).forEach((k, flows) -> {
            long failures = flows.stream().filter(f -> SETUP_FAILURES.contains(f.getCloseType())).count();
            long closed = flows.stream().filter(f -> f.getCloseType() != CloseType.FORCED_REPORT).count();
            if (failures > 0) {
                expected.add(new Row(k.split("\\|")[0], Integer.parseInt(k.split("\\|")[1]), failures,
                        flows.stream().filter(f -> f.getCloseType() == CloseType.CLIENT_SYN_REPEAT).count(),
                        flows.stream().filter(f -> f.getCloseType() == CloseType.SERVER_RESET).count(), round(100.0 * failures / closed, 4)));
            }
        });
        expected.sort(Comparator.comparingLong(Row::failures).reversed().thenComparing(Row::server).thenComparingInt(Row::port));
        assertThat(r.size()).isEqualTo(expected.size()).isPositive();
        for (int i = 0; i < expected.size(); i++) {
            Row e = expected.get(i);
            assertThat(r.text(i, "server")).isEqualTo(e.server());
            assertThat(r.whole(i, "server_port")).isEqualTo((long) e.port());
            assertThat(r.whole(i, "setup_failures")).isEqualTo((long) e.failures());
            assertThat(r.whole(i, "client_syn_repeats")).isEqualTo((long) e.synRepeats());
            assertThat(r.whole(i, "server_resets_to_syn")).isEqualTo((long) e.resetsToSyn());
            assertThat(r.num(i, "setup_failure_ratio_pct")).isCloseTo(e.ratio(), within(EPS));
        }
    }

    private void hourly(QueryResult r) {
        Map<String, List<L4FlowLog>> perHourAndProtocol = new TreeMap<>();
        for (L4FlowLog f : run.flowLogs) {
            long hour = Math.floorDiv(f.getStartTime().getEpochSecond(), 3600) * 3600;
            perHourAndProtocol.computeIfAbsent(hour + "|" + String.format("%03d", f.getProtocol()), k -> new ArrayList<>()).add(f);
        }
        assertThat(r.size()).isEqualTo(perHourAndProtocol.size()).isPositive();
        int i = 0;
        for (var e : perHourAndProtocol.entrySet()) {
            List<L4FlowLog> flows = e.getValue();
            assertThat(r.text(i, "hour")).isEqualTo(dateTime(Long.parseLong(e.getKey().split("\\|")[0])));
            assertThat(r.whole(i, "protocol")).isEqualTo((long) flows.get(0).getProtocol());
            assertThat(r.whole(i, "packets")).isEqualTo((long) flows.stream().mapToLong(f -> f.getPacketTx() + f.getPacketRx()).sum());
            assertThat(r.whole(i, "bytes")).isEqualTo((long) flows.stream().mapToLong(f -> f.getByteTx() + f.getByteRx()).sum());
            assertThat(r.whole(i, "new_flows")).isEqualTo((long) flows.stream().filter(f -> f.getIsNewFlow() == 1).count());
            assertThat(r.whole(i, "rtt_max_us")).isEqualTo((long) flows.stream().mapToLong(L4FlowLog::getRttMax).max().orElse(0));
            i++;
        }
    }

    private void zeroWindows(QueryResult r) {
        record Row(String server, int port, long client, long server0, double ratio) {}
        List<Row> expected = new ArrayList<>();
        group(tcp, f -> ip(f, 1) + "|" + f.getServerPort()).forEach((k, flows) -> {
            long c = flows.stream().mapToLong(L4FlowLog::getZeroWinTx).sum();
            long s = flows.stream().mapToLong(L4FlowLog::getZeroWinRx).sum();
            long packets = flows.stream().mapToLong(f -> f.getPacketTx() + f.getPacketRx()).sum();
            if (c + s > 0) {
                expected.add(new Row(k.split("\\|")[0], Integer.parseInt(k.split("\\|")[1]), c, s, round(100.0 * (c + s) / packets, 4)));
            }
        });
        expected.sort(Comparator.comparingDouble(Row::ratio).reversed().thenComparing(Row::server).thenComparingInt(Row::port));
        assertThat(r.size()).isEqualTo(expected.size()).isPositive();
        for (int i = 0; i < expected.size(); i++) {
            Row e = expected.get(i);
            assertThat(r.text(i, "server")).isEqualTo(e.server());
            assertThat(r.whole(i, "client_zero_windows")).isEqualTo((long) e.client());
            assertThat(r.whole(i, "server_zero_windows")).isEqualTo((long) e.server0());
            assertThat(r.num(i, "zero_win_ratio_pct")).isCloseTo(e.ratio(), within(EPS));
        }
    }

    private void distinctClients(QueryResult r) {
        record Row(String server, int protocol, int port, long clients, long newFlows) {}
        List<Row> expected = new ArrayList<>();
        group(run.flowLogs, f -> ip(f, 1) + "|" + f.getProtocol() + "|" + f.getServerPort()).forEach((k, flows) -> {
            String[] p = k.split("\\|");
            expected.add(new Row(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]), flows.stream().map(f -> ip(f, 0)).distinct().count(),
                    flows.stream().filter(f -> f.getIsNewFlow() == 1).count()));
        });
        expected.sort(Comparator.comparingLong(Row::clients).reversed().thenComparing(Comparator.comparingLong(Row::newFlows).reversed())
                .thenComparing(Row::server).thenComparingInt(Row::protocol).thenComparingInt(Row::port));
        List<Row> top = expected.subList(0, Math.min(20, expected.size()));
        assertThat(r.size()).isEqualTo(top.size());
        for (int i = 0; i < top.size(); i++) {
            Row e = top.get(i);
            assertThat(List.of(r.text(i, "server"), r.text(i, "protocol"), r.text(i, "server_port")))
                    .containsExactly(e.server(), Integer.toString(e.protocol()), Integer.toString(e.port()));
            assertThat(r.whole(i, "distinct_clients")).isEqualTo((long) e.clients());
            assertThat(r.whole(i, "new_flows")).isEqualTo((long) e.newFlows());
        }
    }

    private void reconcile(QueryResult r, String prefix) {
        long packets = run.flowLogs.stream().mapToLong(f -> f.getPacketTx() + f.getPacketRx()).sum();
        long bytes = run.flowLogs.stream().mapToLong(f -> f.getByteTx() + f.getByteRx()).sum();
        long newFlows = run.flowLogs.stream().filter(f -> f.getIsNewFlow() == 1).count();
        long closed = run.flowLogs.stream().filter(f -> f.getCloseType() != CloseType.FORCED_REPORT).count();
        assertThat(r.rows()).extracting(row -> row.get(0).substring(prefix.length()))
                .containsExactly("flow_log.l4_flow_log", "flow_metrics.network_1h", "flow_metrics.network_1m", "flow_metrics.network_map_1s");
        for (int i = 0; i < r.size(); i++) {
            assertThat(List.of(r.whole(i, "packets"), r.whole(i, "bytes"), r.whole(i, "new_flows"), r.whole(i, "closed_flows")))
                    .as(r.text(i, "source")).containsExactly(packets, bytes, newFlows, closed);
        }
    }

    private static List<NetworkMetrics> role(List<NetworkMetrics> rows, int role) {
        return rows.stream().filter(m -> m.getRole() == role).toList();
    }

    private static <T> Map<String, List<T>> group(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key));
    }

    /** Address text as ClickHouse's IPv4NumToString / IPv6NumToString print it. */
    static String ip(L4FlowLog f, int side) {
        return f.getIsIpv4() == 1 ? ipv4(side == 0 ? f.getIp40() : f.getIp41()) : ipv6(side == 0 ? f.getIp60() : f.getIp61());
    }

    private static String ip(NetworkMetrics m) {
        return m.getIsIpv4() == 1 ? ipv4(m.getIp4()) : ipv6(m.getIp6());
    }

    private static String ipv4(long v) {
        return (v >>> 24 & 255) + "." + (v >>> 16 & 255) + "." + (v >>> 8 & 255) + "." + (v & 255);
    }

    private static String ipv6(ByteBuffer b) {
        byte[] a = new byte[16];
        b.duplicate().get(a);
        try {
            // RFC 5952 text: the longest run of two or more zero groups becomes "::"
            String[] g = InetAddress.getByAddress(a).getHostAddress().split(":");
            int bestAt = -1;
            int bestLen = 1;
            for (int i = 0; i < 8; ) {
                int j = i;
                while (j < 8 && g[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestAt = i;
                    bestLen = j - i;
                }
                i = j == i ? i + 1 : j;
            }
            if (bestAt < 0) {
                return String.join(":", g);
            }
            return String.join(":", List.of(g).subList(0, bestAt)) + "::" + String.join(":", List.of(g).subList(bestAt + bestLen, 8));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String dateTime(long epochSec) {
        return java.time.LocalDateTime.ofEpochSecond(epochSec, 0, java.time.ZoneOffset.UTC).toString().replace('T', ' ')
                + (epochSec % 60 == 0 ? ":00" : "");
    }

    private static double round(double v, int digits) {
        return java.math.BigDecimal.valueOf(v).setScale(digits, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
