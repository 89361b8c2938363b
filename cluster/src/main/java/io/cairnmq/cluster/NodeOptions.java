package io.cairnmq.cluster;

import io.cairnmq.engine.api.BrokerConfigParser;
import io.cairnmq.engine.api.EngineConfigException;

import java.util.Map;

/**
 * The node-only options of a node configuration, read by type. Each bad value fails with an
 * {@link EngineConfigException} that names the key, the value and what was expected.
 */
final class NodeOptions {

    private final Map<String, String> values;

    NodeOptions(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String text(String key, String fallback) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (value.isBlank()) {
            throw new EngineConfigException("Option " + key + "= is empty; leave it out for the default " + fallback);
        }
        return value;
    }

    /** A value that must be there because {@code because} is. */
    String required(String key, String because) {
        String value = values.get(key);
        if (value == null) {
            throw new EngineConfigException("Option " + key + " is missing: " + because + " needs it");
        }
        return value;
    }

    long number(String key, long fallback, long min, long max) {
        return BrokerConfigParser.longOption(values, key, fallback, min, max);
    }

    int intNumber(String key, int fallback, int min, int max) {
        return (int) number(key, fallback, min, max);
    }
}
