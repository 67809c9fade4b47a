package io.tapflow.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.L4FlowLog;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The sink in a Flink job on an in-process MiniCluster (parallelism 2, checkpoints every 500 ms)
 * writing flow records numbered 1..N into ClickHouse. Each insert of these 121-column rows makes a
 * part of ~250 files on 18.16, so batches are kept few: 500 rows or 200 ms.
 */
@Tag("stack")
class ClickHouseSinkJobStackTest {
    /** Shared with the job's functions: the MiniCluster runs in this JVM. */
    private static final AtomicInteger FAILURES = new AtomicInteger();
    private static final AtomicLong MAPPED = new AtomicLong();

    /** Turns a number into a flow record; throws once, on {@code failAt}, to make the job restart. */
    private static final class ToFlowFailingOnce implements MapFunction<Long, L4FlowLog> {
        private final long failAt;

        ToFlowFailingOnce(long failAt) {
            this.failAt = failAt;
        }

        @Override
        public L4FlowLog map(Long i) {
            if (i == failAt && FAILURES.compareAndSet(0, 1)) {
                throw new IllegalStateException("injected failure at record " + i);
            }
            MAPPED.incrementAndGet();
            return L4FlowLogTables.record(i);
        }
    }

    private static StreamExecutionEnvironment miniCluster() {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(500));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        return StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    }

    private static ClickHouseSinkConfig.Builder config(ClickHouseStack ch) {
        return ch.config("l4_flow_log").batchRows(500).maxBufferedRows(2_000).flushInterval(Duration.ofMillis(200));
    }

    private static void run(ClickHouseSinkConfig config, long n, double perSecond, long failAt) throws Exception {
        StreamExecutionEnvironment env = miniCluster();
        DataGeneratorSource<Long> numbers = new DataGeneratorSource<>(i -> i + 1, n,
                RateLimiterStrategy.perSecond(perSecond), Types.LONG);
        env.fromSource(numbers, WatermarkStrategy.noWatermarks(), "numbers")
                .map(new ToFlowFailingOnce(failAt)).returns(new AvroTypeInfo<>(L4FlowLog.class))
                .sinkTo(new ClickHouseSink<>(config, AvroRowSerializer.forClass(L4FlowLog.class)))
                .name("clickhouse");
        env.execute("clickhouse sink test");
    }

    private static void assertExactlyFlows1To(long n, String table) throws Exception {
        assertThat(ClickHouseStack.scalar("SELECT count(), uniqExact(flow_id), min(flow_id), max(flow_id), sum(flow_id) FROM " + table))
                .isEqualTo(n + "\t" + n + "\t1\t" + n + "\t" + n * (n + 1) / 2);
    }

    @Test
    void exactlyOnceLeavesNoDuplicateAndNoGapAfterARestartFromACheckpoint() throws Exception {
        long n = 2000;
        FAILURES.set(0);
        MAPPED.set(0);
        try (ClickHouseStack ch = ClickHouseStack.withFreshDatabase()) {
            ClickHouseStack.exec(L4FlowLogTables.legacyDdl(ch.database, "l4_flow_log"));
            // ~2 s of input, a failure after ~1 s: checkpoints complete before it, and rows staged
            // since the last one (batches go out every 200 ms) are replayed after it
            run(config(ch).build(), n, 1000, n / 2);

            assertThat(FAILURES).hasValue(1);
            assertThat(MAPPED.get()).as("records replayed after the restart").isGreaterThan(n);
            String table = ch.database + ".l4_flow_log";
            assertExactlyFlows1To(n, table);
            assertThat(ClickHouseStack.count("SELECT count() FROM " + table
                    + " WHERE start_time != 1700000000000000 + flow_id * 1000003 OR agent_id != concat('agent-', toString(flow_id % 3))"))
                    .as("rows with a value that is not their record's").isZero();
            assertThat(ClickHouseStack.count("SELECT sum(rows) FROM " + ch.metaDatabase + ".sink_commits")).isEqualTo(n);
            assertThat(ClickHouseStack.count("SELECT count() FROM system.parts WHERE active AND database = '" + ch.metaDatabase
                    + "' AND table LIKE '%_stage'")).as("staged parts left").isZero();
        }
    }

    @Test
    void atLeastOnceWritesStraightIntoTheTable() throws Exception {
        long n = 1000;
        FAILURES.set(1); // no failure
        try (ClickHouseStack ch = ClickHouseStack.withFreshDatabase()) {
            ClickHouseStack.exec(L4FlowLogTables.legacyDdl(ch.database, "l4_flow_log"));
            run(config(ch).deliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE).build(), n, 1_000_000, -1);
            assertExactlyFlows1To(n, ch.database + ".l4_flow_log");
            assertThat(ClickHouseStack.count("SELECT count() FROM system.tables WHERE database = '" + ch.metaDatabase + "'")).isZero();
        }
    }
}
