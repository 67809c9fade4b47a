package io.tapflow.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The agent's validated configuration, one record per section of agent-defaults.yaml (where every
 * field is documented). Built only by {@link ConfigLoader}, so every instance has passed validation.
 */
public record AgentConfig(Agent agent, Capture capture, Decode decode, Batch batch, Kafka kafka, Metrics metrics) {

    public record Agent(String id, int tapType) {
    }

    public record Capture(Pattern interfaces, String netns, Duration rescanInterval, String bpfFilter, int snaplen, boolean promiscuous, long bufferSize,
                          Duration readTimeout, String liveReader, List<String> files, double replayPace, boolean mirrorMode,
                          boolean dedup, Duration dedupWindow) {

        /** Offline mode: replay files (or stdin) instead of capturing live. */
        public boolean replaysFiles() {
            return !files.isEmpty();
        }
    }

    public record Decode(int payloadPrefixBytes, boolean decapsulate, List<Integer> vxlanPorts, int genevePort,
                         boolean dropOwnVxlan, int maxTunnelDepth, int fragmentTableSize, Duration fragmentTimeout) {
    }

    public record Batch(int maxPackets, Duration flushInterval, Duration flowIdleTimeout, int flowTableLimit) {
    }

    public record Kafka(boolean enabled, String bootstrapServers, String topic, String compression, boolean idempotence,
                        String acks, long bufferMemory, Duration maxBlock, Duration startupWait, Duration deliveryTimeout, Duration linger,
                        long batchSize, String clientId, Map<String, String> properties) {
    }

    public record Metrics(int httpPort, String bindAddress, Duration logInterval) {
    }
}
