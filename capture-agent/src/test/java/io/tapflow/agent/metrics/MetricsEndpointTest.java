package io.tapflow.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    @Test
    void servesPrometheusTextFormat() throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        registry.register(out -> {
            out.counter(MetricNames.PACKETS_CAPTURED, "Packets read.", 42, MetricNames.SOURCE, "tap0");
            out.counter(MetricNames.PACKETS_CAPTURED, "Packets read.", 8, MetricNames.SOURCE, "tap\"1\"");
            out.gauge(MetricNames.FLOWS_ACTIVE, "Flows.", 3.5);
        });
        registry.register(new ProcessMetrics());
        try (MetricsHttpServer server = MetricsHttpServer.start("127.0.0.1", 0, registry)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue(PrometheusText.CONTENT_TYPE);
            assertThat(r.body()).contains(
                    "# HELP tapflow_agent_packets_captured_total Packets read.\n"
                            + "# TYPE tapflow_agent_packets_captured_total counter\n"
                            + "tapflow_agent_packets_captured_total{source=\"tap0\"} 42\n"
                            + "tapflow_agent_packets_captured_total{source=\"tap\\\"1\\\"\"} 8\n",
                    "# TYPE tapflow_agent_flows_active gauge\ntapflow_agent_flows_active 3.5\n",
                    "# TYPE tapflow_agent_process_cpu_seconds_total counter\n");
            HttpResponse<String> other = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/nothing")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void summaryLineShowsRatesAndDropsByReason() {
        MetricsSnapshot before = new MetricsSnapshot()
                .counter(MetricNames.PACKETS_CAPTURED, "", 1000)
                .counter(MetricNames.BATCHES_BUILT, "", 10);
        MetricsSnapshot after = new MetricsSnapshot()
                .counter(MetricNames.PACKETS_CAPTURED, "", 21000)
                .counter(MetricNames.BYTES_CAPTURED, "", 3 << 20)
                .counter(MetricNames.PACKETS_DECODED, "", 20990)
                .counter(MetricNames.PACKETS_DROPPED, "", 7, MetricNames.REASON, "kernel")
                .counter(MetricNames.PACKETS_DROPPED, "", 0, MetricNames.REASON, "queue_full")
                .counter(MetricNames.PACKETS_DROPPED, "", 3, MetricNames.REASON, "decode_truncated_l4")
                .counter(MetricNames.BATCHES_BUILT, "", 110)
                .counter(MetricNames.BATCHES_SENT, "", 100)
                .counter(MetricNames.KAFKA_ERRORS, "", 2, MetricNames.TYPE, "TimeoutException")
                .gauge(MetricNames.FLOWS_ACTIVE, "", 12);
        assertThat(SummaryLogger.line(before, after, 10.0)).isEqualTo(
                "captured 21000 pkts (2.0k/s, 3.0 MiB), decoded 20990, dropped kernel=7 decode_truncated_l4=3,"
                        + " batches 110 (10/s) sent 100, kafka errors 2 (TimeoutException=2), flows active 12 evicted 0");
    }
}
