package io.cairnmq.engine.store;

/**
 * Which queue a journal record belongs to: a shard of a queue, or the queue of a topic's
 * subscription.
 *
 * @param destination  the destination's qualified name ({@code queue:NAME}, {@code topic:NAME})
 * @param shard        the shard index
 * @param subscription the subscription's id, or "" for a queue shard
 */
public record QueueAddress(String destination, int shard, String subscription) {

    public static QueueAddress of(String destination, int shard, String subscription) {
        return new QueueAddress(destination, shard, subscription == null ? "" : subscription);
    }

    /** The subscription id, or null for a queue shard. */
    public String subscriptionOrNull() {
        return subscription.isEmpty() ? null : subscription;
    }
}
