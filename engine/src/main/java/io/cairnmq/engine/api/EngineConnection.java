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
     * Opens a producer under an identity that outlives this connection: a client that lost its
     * connection (its member died) opens a producer of the same identity on another connection,
     * on any member, and sends again what it is unsure of with {@link EngineProducer#sendNumbered}.
     * A producer of one identity sticks to the same shard of each destination, whichever
     * connection opened it, so that the repeat meets the memory of the first attempt.
     */
    EngineProducer openProducer(String identity);

    /**
     * Opens a consumer on a destination. It leases messages ahead of demand, up to
     * {@link ConsumerSpec#prefetch()}, and holds them for its caller.
     */
    EngineConsumer openConsumer(ConsumerSpec spec);

    /**
     * Creates a temporary queue or topic: it lives until {@link #deleteTemporary} or until this
     * connection closes (or its member dies), any connection may send to it, and only this one
     * may consume from it.
     */
    DestinationName createTemporary(DestinationKind kind);

    /**
     * Deletes a temporary destination this connection created, with its messages.
     *
     * @throws DestinationInUseException while a consumer of this connection still consumes from it
     * @throws InvalidDestinationNameException when this connection did not create it
     */
    void deleteTemporary(DestinationName destination);

    /**
     * Browses a queue: its messages waiting for delivery that match the selector (null for
     * all), in delivery order, without consuming them. Messages leased to a consumer (delivered
     * or prefetched, not yet acknowledged) are not shown until they are released.
     *
     * @throws InvalidSelectorSyntaxException for a selector that is not valid
     */
    EngineBrowser browse(DestinationName queue, String selector);

    /**
     * Deletes a durable subscription with its messages. The name is scoped by this
     * connection's client ID, if it claimed one.
     *
     * @throws UnknownSubscriptionException when there is no durable subscription of that name
     * @throws SubscriptionInUseException   while it has a consumer, or messages delivered from it
     *                                      are not acknowledged yet
     */
    default void unsubscribe(String subscriptionName) {
        unsubscribe(subscriptionName, topic -> { });
    }

    /**
     * Deletes a durable subscription as {@link #unsubscribe(String)} does, once {@code mayDelete}
     * accepted the topic it belongs to (it throws to refuse, and then nothing is deleted): a node's
     * front end checks there that its client may delete on that topic. Offered by connections on
     * the engine's own member; a remote connection is checked by its node instead.
     */
    void unsubscribe(String subscriptionName, java.util.function.Consumer<DestinationName> mayDelete);

    /**
     * Commits a transaction: its sends are stored and its consumers' handed-out deliveries
     * acknowledged together or not at all, whatever fails (this process is killed, a member dies,
     * the cluster restarts). Returns once the outcome is as durable as the write policy promises.
     * Afterwards the consumers hold nothing of the transaction: on a rollback what they received
     * is back on its queues, counted as a delivery.
     *
     * @throws TransactionRolledBackException when it is known not to have happened (a send past a
     *                                        destination's limits, a delivery its consumer lost)
     * @throws TransactionInDoubtException    when its outcome cannot be known now; the cluster
     *                                        resolves it, all or nothing
     */
    void commit(TransactionWork work);

    /**
     * Prepares a transaction under an id the caller chose (the branch of an XA transaction): its
     * work is staged on every shard it changes, invisible, and the messages it acknowledges stay
     * held, until {@link #commitPrepared} or {@link #rollbackPrepared} with that id, from this
     * connection or any other, on any member. A prepared transaction outlives the death of its
     * member and restarts, and is never rolled back on the broker's own initiative.
     *
     * @return false when the work changes nothing (it only read): nothing is prepared, and there
     *         is nothing to commit or roll back
     * @throws TransactionRolledBackException when a shard refused it or could not be reached: what
     *                                        was prepared is rolled back (by this member, retrying
     *                                        until every shard has done it)
     */
    boolean prepare(String transactionId, TransactionWork work);

    /**
     * Commits a prepared transaction: once its decision is recorded it commits everywhere,
     * whatever fails.
     *
     * @throws UnknownTransactionException when no transaction of that id is prepared
     * @throws TransactionInDoubtException when the decision could not be confirmed; this member
     *                                     keeps committing it in the background, and the caller
     *                                     may ask again (a commit decided already changes nothing)
     */
    void commitPrepared(String transactionId);

    /**
     * Rolls back a prepared transaction: its sends are dropped and what it acknowledged goes back
     * to its queues, counted as a delivery. Steps that fail are retried by this member.
     *
     * @throws UnknownTransactionException when no transaction of that id is prepared
     * @throws EngineException             when its commit was decided already (then it commits)
     */
    void rollbackPrepared(String transactionId);

    /** The ids of the transactions prepared (by {@link #prepare}) and not yet committed or rolled back, cluster-wide. */
    java.util.List<String> preparedTransactions();

    /** Closes every producer and consumer and releases every lease this connection holds. */
    @Override
    void close();
}
