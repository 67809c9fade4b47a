package io.tapflow.agent.config;

/** A configuration problem found at start: the message names the key, the value and where it came from. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
