package io.tapflow.metrics;

import io.tapflow.flow.FlowMeter;
import io.tapflow.schema.NetworkMapMetrics;
import io.tapflow.schema.NetworkMetrics;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The metrics rollup: map → shuffle → reduce (docs/metrics.md).
 *
 * <pre>{@code
 * SingleOutputStreamOperator<L4FlowLog> flowLogs = ...process(new FlowEngineFunction(cfg));
 * MetricsStreams metrics = MetricsPipeline.attach(flowLogs.getSideOutput(FlowEngineFunction.METERS), MetricsConfig.defaults());
 * metrics.sinkToKafka(bootstrap, DeliveryGuarantee.EXACTLY_ONCE, "tapflow-metrics");
 * metrics.sinkToTables(clickHouseSinks);
 * }</pre>
 *
 * <ol>
 *   <li>map: every per-flow per-second meter becomes three documents (client side, server side,
 *       edge) stamped with their second's event time ({@link MeterDocumentsOperator});</li>
 *   <li>shuffle: keyBy the tag set ({@link MetricKey});</li>
 *   <li>reduce 1 s: event-time tumbling windows, an {@link DocumentAggregate} folding documents
 *       into a mutable accumulator, {@link EmitDeltas} writing the row (late firings: only the
 *       difference);</li>
 *   <li>reduce 1 min: the 1 s rows, still partitioned by the same key (no second shuffle:
 *       {@link DataStreamUtils#reinterpretAsKeyedStream}), in 1 min windows: so every 1 min row is
 *       exactly the rollup of its 1 s rows (sums, maxima; active connections: distinct 4-tuples of
 *       the minute, from the seconds' peer sets).</li>
 * </ol>
 * Windows are offset by 1 ms so a bucket's window fires on the watermark that makes the flow
 * engine flush that second (see {@link MeterDocumentsOperator}).
 */
public final class MetricsPipeline {
    /** Documents later than the allowed lateness (side output of the 1 s windows). */
    public static final OutputTag<MetricDoc> LATE_DOCUMENTS = new OutputTag<>("metrics-late-documents") {};
    /** 1 s rows later than the allowed lateness for their minute (should not happen: see docs/metrics.md). */
    public static final OutputTag<MetricPartial> LATE_SECONDS = new OutputTag<>("metrics-late-seconds") {};
    /** Counter (operator metric tapflow.metrics.late_documents) and job accumulator tapflow.metrics.late_documents. */
    public static final String LATE_DOCUMENTS_METRIC = "late_documents";
    public static final String LATE_SECONDS_METRIC = "late_seconds";

    private static final Duration WINDOW_OFFSET = Duration.ofMillis(1);

    private MetricsPipeline() {}

    /** The rollup of the flow engine's meters ({@code FlowEngineFunction.METERS}), with unknown resource tags. */
    public static MetricsStreams attach(DataStream<FlowMeter> meters, MetricsConfig config) {
        return reduce(documents(meters, MeterDocumentsOperator.PLAIN, TypeInformation.of(FlowMeter.class)), config);
    }

    /** The rollup of meters the enrichment stage has tagged. */
    public static MetricsStreams attachEnriched(DataStream<EnrichedMeter> meters, MetricsConfig config) {
        return reduce(documents(meters, MeterDocumentsOperator.ENRICHED, TypeInformation.of(EnrichedMeter.class)), config);
    }

    private static <IN> SingleOutputStreamOperator<MetricDoc> documents(DataStream<IN> meters, MeterDocumentsOperator.Input<IN> input,
                                                                       TypeInformation<IN> type) {
        return meters.transform("metrics map", TypeInformation.of(MetricDoc.class), new MeterDocumentsOperator<>(input))
                .uid("metrics-map");
    }

    /** Shuffle and reduce documents (from {@link #attach}'s map step) into the 1 s and 1 min rows. */
    public static MetricsStreams reduce(DataStream<MetricDoc> documents, MetricsConfig config) {
        Duration lateness = config.allowedLateness();
        boolean lateFirings = !lateness.isZero();
        TypeInformation<MetricKey> keyType = TypeInformation.of(MetricKey.class);
        SingleOutputStreamOperator<MetricPartial> seconds = documents
                .keyBy(new DocumentKey(), keyType)
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1), WINDOW_OFFSET))
                .allowedLateness(lateness)
                .sideOutputLateData(LATE_DOCUMENTS)
                .aggregate(new DocumentAggregate(), new EmitDeltas(1, lateFirings),
                        TypeInformation.of(MetricAccumulator.class), TypeInformation.of(MetricAccumulator.class),
                        TypeInformation.of(MetricPartial.class))
                .name("metrics 1s reduce").uid("metrics-1s-reduce");
        SingleOutputStreamOperator<MetricPartial> minutes = DataStreamUtils
                .reinterpretAsKeyedStream(seconds, new PartialKey(), keyType)
                .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1), WINDOW_OFFSET))
                .allowedLateness(lateness)
                .sideOutputLateData(LATE_SECONDS)
                .aggregate(new PartialAggregate(), new EmitDeltas(60, lateFirings),
                        TypeInformation.of(MetricAccumulator.class), TypeInformation.of(MetricAccumulator.class),
                        TypeInformation.of(MetricPartial.class))
                .name("metrics 1m reduce").uid("metrics-1m-reduce");

        SingleOutputStreamOperator<NetworkMetrics> network1s = seconds.process(new SplitFamilies())
                .name("metrics 1s records").uid("metrics-1s-records");
        SingleOutputStreamOperator<NetworkMetrics> network1m = minutes.process(new SplitFamilies())
                .name("metrics 1m records").uid("metrics-1m-records");
        DataStream<NetworkMapMetrics> networkMap1s = network1s.getSideOutput(SplitFamilies.NETWORK_MAP);
        DataStream<NetworkMapMetrics> networkMap1m = network1m.getSideOutput(SplitFamilies.NETWORK_MAP);

        DataStream<MetricDoc> lateDocuments = seconds.getSideOutput(LATE_DOCUMENTS)
                .map(new CountLate<>(LATE_DOCUMENTS_METRIC)).returns(MetricDoc.class)
                .name("metrics late documents").uid("metrics-late-documents");
        DataStream<MetricPartial> lateSeconds = minutes.getSideOutput(LATE_SECONDS)
                .map(new CountLate<>(LATE_SECONDS_METRIC)).returns(MetricPartial.class)
                .name("metrics late seconds").uid("metrics-late-seconds");
        return new MetricsStreams(config, network1s, network1m, networkMap1s, networkMap1m, lateDocuments, lateSeconds);
    }

    /** The shuffle key: the document's tag set (no allocation). */
    static final class DocumentKey implements KeySelector<MetricDoc, MetricKey> {
        private static final long serialVersionUID = 1L;

        @Override
        public MetricKey getKey(MetricDoc doc) {
            return doc.key;
        }
    }

    static final class PartialKey implements KeySelector<MetricPartial, MetricKey> {
        private static final long serialVersionUID = 1L;

        @Override
        public MetricKey getKey(MetricPartial partial) {
            return partial.key;
        }
    }
}
