package io.tapflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.flow.FlowCounters;
import io.tapflow.flow.FlowMeter;
import io.tapflow.l7.L7Counters;
import io.tapflow.l7.L7Protocol;
import io.tapflow.schema.ApplicationMapMetrics;
import io.tapflow.schema.ApplicationMetrics;
import io.tapflow.schema.NetworkMapMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Application (L7) metrics from meters that carry the second's L7 counters: client side, server
 * side and edge rows per L7 protocol at 1 s, and 1 min rows that add them up.
 */
class ApplicationMetricsTest {
    private static final long MINUTE = 1_700_000_040L;

    @Test
    void l7CountersBecomeApplicationRowsPerSideAndEdge() throws Exception {
        List<EnrichedMeter> meters = new ArrayList<>();
        // an HTTP flow: 3 seconds with exchanges (one 404, one 503, one unanswered), one second without L7 activity
        meters.add(meter(MINUTE + 1, 2, 2, 1, 0, 0, 30_000, 2, 20_000));
        meters.add(meter(MINUTE + 2, 1, 1, 0, 1, 0, 50_000, 1, 50_000));
        meters.add(meter(MINUTE + 3, 0, 0, 0, 0, 0, 0, 0, 0));
        meters.add(meter(MINUTE + 4, 1, 0, 0, 0, 1, 0, 0, 0));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        DataStream<EnrichedMeter> source = env.fromData(TypeInformation.of(EnrichedMeter.class), meters.toArray(new EnrichedMeter[0]))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<EnrichedMeter>forMonotonousTimestamps()
                        .withTimestampAssigner((m, ts) -> m.meter.timeSec * 1000));
        MetricsStreams streams = MetricsPipeline.attachEnriched(source, MetricsConfig.defaults());
        CollectingSink<ApplicationMetrics> app1s = new CollectingSink<>();
        CollectingSink<ApplicationMetrics> app1m = new CollectingSink<>();
        CollectingSink<ApplicationMapMetrics> map1s = new CollectingSink<>();
        CollectingSink<ApplicationMapMetrics> map1m = new CollectingSink<>();
        CollectingSink<NetworkMapMetrics> network1s = new CollectingSink<>();
        streams.application1s().sinkTo(app1s);
        streams.application1m().sinkTo(app1m);
        streams.applicationMap1s().sinkTo(map1s);
        streams.applicationMap1m().sinkTo(map1m);
        streams.networkMap1s().sinkTo(network1s);
        env.execute("application metrics");

        List<ApplicationMetrics> seconds = app1s.collected();
        assertThat(seconds).hasSize(6).allSatisfy(r -> {
            assertThat(r.getL7Protocol()).isEqualTo(L7Protocol.HTTP1);
            assertThat(r.getServerPort()).isEqualTo(80);
            assertThat(r.getPeriod()).isEqualTo(1);
        });
        assertThat(seconds.stream().filter(r -> r.getRole() == 1).mapToLong(ApplicationMetrics::getL7Request).sum()).isEqualTo(4);
        assertThat(seconds.stream().filter(r -> r.getRole() == 0).mapToLong(ApplicationMetrics::getL7ServerTimeout).sum()).isEqualTo(1);
        assertThat(map1s.collected()).extracting(ApplicationMapMetrics::getTime).containsExactlyInAnyOrder(MINUTE + 1, MINUTE + 2, MINUTE + 4);
        assertThat(network1s.collected()).as("every second stays in the network tables").hasSize(4);

        assertThat(app1m.collected()).hasSize(2).allSatisfy(m -> {
            assertThat(m.getTime()).isEqualTo(MINUTE);
            assertThat(m.getPeriod()).isEqualTo(60);
            assertThat(m.getL7Request()).isEqualTo(4);
            assertThat(m.getL7Response()).isEqualTo(3);
            assertThat(m.getL7ClientError()).isEqualTo(1);
            assertThat(m.getL7ServerError()).isEqualTo(1);
            assertThat(m.getL7ServerTimeout()).isEqualTo(1);
            assertThat(m.getRrtSum()).isEqualTo(80_000);
            assertThat(m.getRrtCount()).isEqualTo(3);
            assertThat(m.getRrtMax()).isEqualTo(50_000);
        });
        assertThat(map1m.collected()).singleElement().satisfies(m -> {
            assertThat(m.getIp40()).isEqualTo(0x0A000001L);
            assertThat(m.getIp41()).isEqualTo(0x0A000002L);
            assertThat(m.getL7Request()).isEqualTo(4);
        });
    }

    private static EnrichedMeter meter(long sec, long requests, long responses, long clientErrors, long serverErrors, long timeouts,
                                       long rrtSum, long rrtCount, long rrtMax) {
        FlowMeter m = new FlowMeter();
        m.timeSec = sec;
        m.agentId = "a";
        m.tapType = 3;
        m.protocol = 6;
        m.ipVersion = 4;
        m.ipClient = new byte[] {10, 0, 0, 1};
        m.ipServer = new byte[] {10, 0, 0, 2};
        m.clientPort = 40000;
        m.serverPort = 80;
        m.counters = new FlowCounters();
        m.counters.packets[0] = 1;
        EnrichedMeter e = EnrichedMeter.unknown(m);
        e.l7Protocol = L7Protocol.HTTP1;
        e.l7 = new L7Counters();
        e.l7.request = requests;
        e.l7.response = responses;
        e.l7.clientError = clientErrors;
        e.l7.serverError = serverErrors;
        e.l7.timeout = timeouts;
        e.l7.rrtSum = rrtSum;
        e.l7.rrtCount = rrtCount;
        e.l7.rrtMax = rrtMax;
        return e;
    }
}
