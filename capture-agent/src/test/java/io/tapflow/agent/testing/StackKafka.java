package io.tapflow.agent.testing;

/** The shared local stack's broker, found with the same variable and default as the scripts use. */
public final class StackKafka {
    private StackKafka() {
    }

    public static String bootstrap() {
        String port = System.getenv("TAPFLOW_KAFKA_PORT");
        return "127.0.0.1:" + (port == null || port.isBlank() ? "19092" : port);
    }
}
