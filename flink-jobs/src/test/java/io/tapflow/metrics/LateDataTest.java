package io.tapflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.flow.FlowCounters;
import io.tapflow.flow.FlowMeter;
import io.tapflow.schema.NetworkMapMetrics;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Late meters: within the allowed lateness they are merged into their bucket (a delta row, so the
 * bucket's rows still add up), beyond it they are counted and side-output, never silently dropped.
 */
class LateDataTest {
    private static final long SEC = 1_700_000_080L; // 40 s into a minute

    @Test
    void lateWithinLatenessMergesAsADeltaRowAndBeyondItIsCounted() throws Exception {
        // each meter carries (in flowId) the watermark the source emits right after it
        List<FlowMeter> meters = List.of(
                meter(SEC, 10, 1_000, 0, (SEC + 1) * 1000),      // on time; the watermark then fires second SEC
                meter(SEC, 5, 500, 7_000, (SEC + 3) * 1000),     // 2 s late: within the 5 s lateness
                meter(SEC, 0, 0, 0, (SEC + 3) * 1000),           // late and adds nothing: no row
                meter(SEC, 3, 300, 0, (SEC + 30) * 1000),        // 2 s late again; then the watermark jumps
                meter(SEC, 1, 100, 0, (SEC + 30) * 1000));       // 29 s late: beyond the lateness
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        DataStream<FlowMeter> source = env.fromData(TypeInformation.of(FlowMeter.class), meters.toArray(new FlowMeter[0]))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<FlowMeter>forGenerator(ctx -> new WatermarkInFlowId())
                        .withTimestampAssigner((m, ts) -> m.timeSec * 1000));
        MetricsStreams streams = MetricsPipeline.attach(source, MetricsConfig.builder().allowedLateness(Duration.ofSeconds(5)).build());
        CollectingSink<NetworkMapMetrics> seconds = new CollectingSink<>();
        CollectingSink<NetworkMapMetrics> minutes = new CollectingSink<>();
        CollectingSink<MetricDoc> late = new CollectingSink<>();
        streams.networkMap1s().sinkTo(seconds);
        streams.networkMap1m().sinkTo(minutes);
        streams.lateDocuments().sinkTo(late);
        JobExecutionResult result = env.execute("late data");

        List<NetworkMapMetrics> rows = seconds.collected();
        assertThat(rows).extracting(NetworkMapMetrics::getPacketTx).containsExactly(10L, 5L, 3L);
        assertThat(rows).extracting(NetworkMapMetrics::getByteTx).containsExactly(1_000L, 500L, 300L);
        // a max is re-emitted only when it grew; flow_load (one 4-tuple) only on the first row
        assertThat(rows).extracting(NetworkMapMetrics::getArtMax).containsExactly(0L, 7_000L, 0L);
        assertThat(rows).extracting(NetworkMapMetrics::getFlowLoad).containsExactly(1L, 0L, 0L);
        assertThat(rows).allSatisfy(r -> assertThat(r.getTime()).isEqualTo(SEC));
        // the minute saw every merged second: one row (it fired after all of them), totals included
        assertThat(minutes.collected()).singleElement().satisfies(m -> {
            assertThat(m.getPacketTx()).isEqualTo(18L);
            assertThat(m.getArtMax()).isEqualTo(7_000L);
            assertThat(m.getFlowLoad()).isEqualTo(1L);
            assertThat(m.getTime()).isEqualTo(SEC - 40);
        });
        // the 29 s late meter: its three documents (client side, server side, edge) counted and side-output
        assertThat(late.collected()).hasSize(3).allSatisfy(d -> assertThat(d.counters.packets[0]).isEqualTo(1L));
        assertThat((Long) result.getAccumulatorResult("tapflow.metrics." + MetricsPipeline.LATE_DOCUMENTS_METRIC)).isEqualTo(3L);
    }

    @Test
    void aLateSecondReachesItsMinuteAfterTheMinuteFired() throws Exception {
        long last = SEC + 19; // the minute's last second
        List<FlowMeter> meters = List.of(
                meter(last, 10, 1_000, 0, (last + 1) * 1000),       // the watermark fires the second and the minute
                meter(last, 4, 400, 9_000, (last + 3) * 1000),      // 2 s late: a delta row for the second and for the minute
                meter(last + 1, 1, 100, 0, (last + 30) * 1000));     // the next minute, on time
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        DataStream<FlowMeter> source = env.fromData(TypeInformation.of(FlowMeter.class), meters.toArray(new FlowMeter[0]))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<FlowMeter>forGenerator(ctx -> new WatermarkInFlowId())
                        .withTimestampAssigner((m, ts) -> m.timeSec * 1000));
        MetricsStreams streams = MetricsPipeline.attach(source, MetricsConfig.defaults());
        CollectingSink<NetworkMapMetrics> minutes = new CollectingSink<>();
        streams.networkMap1m().sinkTo(minutes);
        env.execute("late second, fired minute");

        List<NetworkMapMetrics> rows = minutes.collected();
        assertThat(rows).extracting(NetworkMapMetrics::getTime).containsExactly(SEC - 40, SEC - 40, SEC + 20);
        assertThat(rows).extracting(NetworkMapMetrics::getPacketTx).containsExactly(10L, 4L, 1L);
        assertThat(rows).extracting(NetworkMapMetrics::getArtMax).containsExactly(0L, 9_000L, 0L);
        assertThat(rows).extracting(NetworkMapMetrics::getFlowLoad).containsExactly(1L, 0L, 1L);
    }

    private static FlowMeter meter(long sec, long packets, long bytes, long artMax, long watermarkAfter) {
        FlowMeter m = new FlowMeter();
        m.timeSec = sec;
        m.flowId = watermarkAfter;
        m.agentId = "a";
        m.tapType = 3;
        m.protocol = 6;
        m.ipVersion = 4;
        m.ipClient = new byte[] {10, 0, 0, 1};
        m.ipServer = new byte[] {10, 0, 0, 2};
        m.clientPort = 40000;
        m.serverPort = 80;
        m.counters = new FlowCounters();
        m.counters.packets[0] = packets;
        m.counters.bytes[0] = bytes;
        if (artMax > 0) {
            m.counters.artSum = artMax;
            m.counters.artCount = 1;
            m.counters.artMax = artMax;
        }
        return m;
    }

    /** Emits, after each meter, the watermark its flowId names (a test-only convention). */
    private static final class WatermarkInFlowId implements WatermarkGenerator<FlowMeter> {
        @Override
        public void onEvent(FlowMeter m, long ts, WatermarkOutput out) {
            out.emitWatermark(new Watermark(m.flowId));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput out) {
        }
    }
}
