package io.cairnmq.engine.queue;

/**
 * What one entry of the shard map holds: a queue shard, or a topic with the queues of its
 * subscriptions. Operations on one queue find it through {@link #queueOf(String)}.
 */
public interface ShardEntry {

    /**
     * The queue an operation addresses: for a queue shard itself (subscription null); for a
     * topic the queue of the named subscription.
     *
     * @return the queue, or null when there is no such subscription (any more)
     */
    ShardState queueOf(String subscription);

    /** Messages waiting for delivery (for a topic: summed over its subscriptions). */
    int readyCount();

    /** Messages leased to consumers and not yet acknowledged (summed likewise). */
    int leasedCount();

    /** Bytes of messages held in memory (summed likewise), for the member's memory limit. */
    long residentBytes();

    /**
     * Whether clients have changed it (sent, consumed, subscribed) since it was created or
     * recovered in this cluster: from then on, journals read at a member's start only add to it.
     */
    boolean isLive();

    /** Records that a client changed it. */
    void markLive();

    /** The transactions it takes part in: prepared work, and the decisions it coordinates. */
    io.cairnmq.engine.tx.EntryTransactions transactions();
}
