package io.cairnmq.engine.topic;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.selector.RecordLookup;
import io.cairnmq.engine.selector.Selector;
import io.cairnmq.engine.selector.Selectors;

import java.util.LinkedHashSet;
import java.util.Set;

/** One subscription of a topic: its definition, its consumers, and its queue. */
final class Subscription {

    final String id;
    final SubscriptionDefinition definition;
    final ShardState queue;
    /** Consumers attached to it now; a durable subscription may have none. */
    final Set<Holder> consumers = new LinkedHashSet<>();

    Subscription(String id, SubscriptionDefinition definition, ShardState queue) {
        this.id = id;
        this.definition = definition;
        this.queue = queue;
    }

    /** Whether a published message goes into this subscription's queue. */
    boolean accepts(MessageRecord message, Origin origin) {
        if (definition.excludes(origin)) {
            return false;
        }
        Selector selector = Selectors.compile(definition.selector());
        return selector == null || selector.matches(new RecordLookup(message, 1));
    }
}
