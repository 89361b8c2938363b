package io.cairnmq.engine.api;

/**
 * A running broker engine as seen from one JVM: the local member of a (possibly one-member)
 * cluster. Obtained from {@link Engines}; thread-safe.
 */
public interface Engine extends AutoCloseable {

    /** The name this engine was started under (the {@code NAME} of {@code vm://NAME}). */
    String name();

    /**
     * Opens a connection. Its leases are released when it closes or when this member dies.
     *
     * @param user     user name, or null; checked with {@code password} against the broker's
     *                 user store when it has one
     * @param listener told, on an engine thread, when the connection fails for a reason the
     *                 caller did not ask for (the member shut down, the cluster is unreachable)
     * @throws AuthenticationFailedException when the broker has a user store and the
     *                                       credentials do not match it
     */
    EngineConnection connect(String user, String password, ConnectionListener listener);

    /** Opens a connection without credentials (accepted while the broker has no user store). */
    default EngineConnection connect(ConnectionListener listener) {
        return connect(null, null, listener);
    }

    /**
     * Creates the destination with the given settings, or returns the one that exists.
     * Destinations are otherwise created on first use with the broker's default settings; a
     * destination, once created, keeps its settings.
     *
     * @throws InvalidDestinationNameException when the name is empty or too long
     */
    DestinationInfo declare(DestinationName destination, DestinationSettings settings);

    /** Counts of the messages a destination holds right now, summed over its shards. */
    DestinationStats stats(DestinationName destination);

    /**
     * Whether the destination exists: declared, or created by its first use (a destination is
     * created when it is first sent to or consumed from). Creates nothing.
     */
    boolean exists(DestinationName destination);

    /** Whether this engine is running (not shut down, its member alive). */
    boolean isRunning();

    /**
     * Shuts this member down gracefully: its connections fail, its partitions move to the
     * other members first, so no message is lost in a cluster with backups.
     */
    @Override
    void close();
}
