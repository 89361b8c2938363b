package io.cairnmq.engine.store;

import io.cairnmq.engine.topic.SubscriptionDefinition;

/** A durable subscription the journal held when the member started; its queue's address names it. */
public record RecoveredSubscription(QueueAddress queue, SubscriptionDefinition definition) {
}
