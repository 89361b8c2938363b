package io.cairnmq.engine.queue;

import java.util.List;

/**
 * Messages handed off to a waiting consumer, for the caller to put in that consumer's buffer.
 *
 * @param stillWaiting  the consumer stays registered as a waiter (it had room left)
 * @param waiterVersion the waiter version of the queue that handed them off, after the hand-off
 * @param subscription  the topic subscription whose queue handed them off; null for a queue
 */
public record HandedOff(Holder holder, List<StoredMessage> messages, boolean stillWaiting, long waiterVersion,
                        String subscription) {

    /** The same hand-off, made by the queue of a topic's subscription. */
    public HandedOff inSubscription(String subscriptionId) {
        return new HandedOff(holder, messages, stillWaiting, waiterVersion, subscriptionId);
    }
}
