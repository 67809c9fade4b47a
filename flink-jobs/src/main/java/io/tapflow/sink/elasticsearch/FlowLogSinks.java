package io.tapflow.sink.elasticsearch;

import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.L7FlowLog;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Attaches the L4 and L7 Elasticsearch sinks to a job, with rejected documents sent to the dead-letter topic. */
public final class FlowLogSinks {
    private FlowLogSinks() {}

    public static void attach(DataStream<L4FlowLog> l4, DataStream<L7FlowLog> l7, String url,
                              String kafkaBootstrap, String deadLetterTopic) {
        ElasticsearchSinkConfig config = ElasticsearchSinkConfig.builder(url).build();
        DeadLetterHandler rejected = new KafkaDeadLetters(kafkaBootstrap, deadLetterTopic);
        l4.sinkTo(ElasticsearchSink.of(config, FlowLogDocuments.l4(), rejected))
                .name("elasticsearch " + FlowLogDocuments.L4_PREFIX).uid("l4-elasticsearch-sink");
        l7.sinkTo(ElasticsearchSink.of(config, FlowLogDocuments.l7(), rejected))
                .name("elasticsearch " + FlowLogDocuments.L7_PREFIX).uid("l7-elasticsearch-sink");
    }
}
