package io.cairnmq.engine.api;

/** Events the engine reports about a connection that its caller did not ask for. */
@FunctionalInterface
public interface ConnectionListener {

    /** The connection can no longer be used; every operation on it now fails with {@code cause}. */
    void connectionFailed(EngineException cause);

    /** A listener for callers that learn of failures from the failing operations alone. */
    ConnectionListener IGNORE = cause -> { };
}
