package io.cairnmq.engine.api;

/**
 * One client's connection to the engine. Producers and consumers belong to it; everything it
 * leased goes back to the queues when it closes or when its member dies. Thread-safe.
 */
public interface EngineConnection extends AutoCloseable {

    /** Unique id of this connection in the cluster. */
    String id();

    /**
     * Takes a client identifier for this connection, cluster-wide, until it closes or its member
     * dies.
     *
     * @throws ClientIdInUseException when another live connection holds it
     */
    void claimClientId(String clientId);

    /** Opens a producer; messages sent by one producer to one destination keep their order. */
    EngineProducer openProducer();

    /**
     * Opens a consumer on a destination. It leases messages ahead of demand, up to
     * {@link ConsumerSpec#prefetch()}, and holds them for its caller.
     */
    EngineConsumer openConsumer(ConsumerSpec spec);

    /** Closes every producer and consumer and releases every lease this connection holds. */
    @Override
    void close();
}
