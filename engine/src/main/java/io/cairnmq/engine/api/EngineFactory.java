package io.cairnmq.engine.api;

/**
 * Starts an engine implementation. Found with {@link java.util.ServiceLoader}, so that callers
 * of this package never name the implementation.
 */
public interface EngineFactory {

    /** Starts a member with this configuration; blocks until it has joined its cluster. */
    Engine start(BrokerConfig config);
}
