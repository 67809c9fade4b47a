package io.tapflow.metrics;

import io.tapflow.flow.FlowMeter;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
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
 *   <li>reduce: event-time 1 s buckets folded in place into mutable accumulators, and 1 min buckets
 *       made of the 1 s rows, so every 1 min row is exactly the rollup of its 1 s rows
 *       ({@link RollupFunction}; late input within the allowed lateness: delta rows).</li>
 * </ol>
 */
public final class MetricsPipeline {
    /** Documents later than the allowed lateness (side output of the reduce). */
    public static final OutputTag<MetricDoc> LATE_DOCUMENTS = new OutputTag<>("metrics-late-documents") {};
    /** Counter (operator metric tapflow.metrics.late_documents) and job accumulator tapflow.metrics.late_documents. */
    public static final String LATE_DOCUMENTS_METRIC = "late_documents";

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
        SingleOutputStreamOperator<MetricPartial> seconds = documents
                .keyBy(new DocumentKey(), TypeInformation.of(MetricKey.class))
                .process(new RollupFunction(config.allowedLateness().toMillis()), TypeInformation.of(MetricPartial.class))
                .name("metrics reduce 1s/1m").uid("metrics-reduce");
        DataStream<MetricPartial> minutes = seconds.getSideOutput(RollupFunction.MINUTES);

        MetricsStreams.Rows perSecond = MetricsStreams.Rows.of(seconds.process(new SplitFamilies())
                .name("metrics 1s records").uid("metrics-1s-records"));
        MetricsStreams.Rows perMinute = MetricsStreams.Rows.of(minutes.process(new SplitFamilies())
                .name("metrics 1m records").uid("metrics-1m-records"));

        DataStream<MetricDoc> lateDocuments = seconds.getSideOutput(LATE_DOCUMENTS)
                .map(new CountLate<>(LATE_DOCUMENTS_METRIC)).returns(MetricDoc.class)
                .name("metrics late documents").uid("metrics-late-documents");
        return new MetricsStreams(config, perSecond, perMinute, lateDocuments);
    }

    /** The shuffle key: the document's tag set (no allocation). */
    static final class DocumentKey implements KeySelector<MetricDoc, MetricKey> {
        private static final long serialVersionUID = 1L;

        @Override
        public MetricKey getKey(MetricDoc doc) {
            return doc.key;
        }
    }

}
