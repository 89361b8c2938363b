package io.cairnmq.engine.api;

/** Events the engine reports about a connection that its caller did not ask for. */
@FunctionalInterface
public interface ConnectionListener {

    /**
     * The connection can no longer be used, and every operation on it now fails with
     * {@code cause}; or one of its consumers stopped for good (its lease requests failed), and
     * its receive calls fail with the cause while the rest of the connection goes on.
     */
    void connectionFailed(EngineException cause);

    /** A listener for callers that learn of failures from the failing operations alone. */
    ConnectionListener IGNORE = cause -> { };
}
