package io.tapflow.agent.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** CPU, heap and start time of the agent's own JVM: how much the capture costs the host. */
public final class ProcessMetrics implements MetricsSource {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final double startTimeSeconds = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0;

    @Override
    public void collect(MetricsSnapshot out) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            out.counter(MetricNames.PROCESS_CPU_SECONDS, "CPU time used by the agent process (user + system).",
                    os.getProcessCpuTime() / 1e9);
        }
        out.gauge(MetricNames.HEAP_USED_BYTES, "Java heap in use.", memory.getHeapMemoryUsage().getUsed());
        out.gauge(MetricNames.START_TIME_SECONDS, "Start time of the agent, seconds since the Unix epoch.", startTimeSeconds);
    }
}
