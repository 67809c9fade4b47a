package io.tapflow.replay;

import io.tapflow.packet.batch.BatcherConfig;
import java.io.Serializable;

/**
 * How a capture file is turned into packet batches inside a Flink job: the agent-side settings
 * that matter for a file (the rest of the agent's configuration is about live capture and Kafka).
 */
public final class CaptureSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Agent id written into the batches of a replayed file. */
    public static final String DEFAULT_AGENT_ID = "replay";
    /** Payload bytes kept per packet for L7 parsing; the agent's default. */
    public static final int DEFAULT_PAYLOAD_PREFIX_BYTES = 256;

    private final String agentId;
    private final int payloadPrefixBytes;
    /** Bytes of the file to read; frames starting at or after it are ignored (damage found by a pre-scan). */
    private final long readLimit;
    /** Name of the capture, written into the batches' capture_interface and into dead letters. */
    private final String captureName;

    public CaptureSettings(String agentId, int payloadPrefixBytes, long readLimit, String captureName) {
        if (payloadPrefixBytes < 0) {
            throw new IllegalArgumentException("payload prefix bytes must be >= 0, got " + payloadPrefixBytes);
        }
        this.agentId = agentId;
        this.payloadPrefixBytes = payloadPrefixBytes;
        this.readLimit = readLimit;
        this.captureName = captureName;
    }

    public static CaptureSettings defaults() {
        return new CaptureSettings(DEFAULT_AGENT_ID, DEFAULT_PAYLOAD_PREFIX_BYTES, Long.MAX_VALUE, "capture");
    }

    public CaptureSettings withReadLimit(long limit) {
        return new CaptureSettings(agentId, payloadPrefixBytes, limit, captureName);
    }

    public CaptureSettings withCaptureName(String name) {
        return new CaptureSettings(agentId, payloadPrefixBytes, readLimit, name);
    }

    public String captureName() {
        return captureName;
    }

    public long readLimit() {
        return readLimit;
    }

    /** The agent batcher settings these stand for. */
    public BatcherConfig batcherConfig() {
        return BatcherConfig.builder()
                .agentId(agentId)
                .tapPort(0)
                .captureInterface(captureName)
                .payloadPrefixBytes(payloadPrefixBytes)
                .build();
    }
}
