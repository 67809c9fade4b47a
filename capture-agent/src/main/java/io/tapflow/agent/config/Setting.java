package io.tapflow.agent.config;

/**
 * One configurable key: its dotted name (as in agent-defaults.yaml), whether it holds a scalar, a list
 * of scalars or a string map, and the type of its scalars.
 */
public record Setting(String key, Shape shape, ValueType type) {

    public enum Shape { SCALAR, LIST, MAP }

    static Setting scalar(String key, ValueType type) {
        return new Setting(key, Shape.SCALAR, type);
    }

    static Setting list(String key, ValueType elementType) {
        return new Setting(key, Shape.LIST, elementType);
    }

    static Setting map(String key) {
        return new Setting(key, Shape.MAP, ValueType.text());
    }
}
