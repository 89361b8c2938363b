package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.selector.RecordLookup;
import io.cairnmq.engine.selector.Selector;
import io.cairnmq.engine.selector.Selectors;

/**
 * A consumer registered on a shard for a wake-up: how many messages it has room for, and the
 * selector (null for none) a message must match to be handed to it or to wake it.
 */
public record Waiter(int room, String selector) {

    Waiter withRoom(int remaining) {
        return new Waiter(remaining, selector);
    }

    /** Whether the message, as it would be delivered first, is one this waiter wants. */
    boolean wants(MessageRecord message) {
        return selector == null || wants(Selectors.compile(selector), message, 1);
    }

    static boolean wants(Selector selector, MessageRecord message, int deliveryCount) {
        return selector == null || selector.matches(new RecordLookup(message, deliveryCount));
    }
}
