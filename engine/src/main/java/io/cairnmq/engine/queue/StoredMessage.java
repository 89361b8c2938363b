package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.selector.Selector;

/**
 * A message in a shard: its sequence number there, how many deliveries of it have ended without
 * an acknowledgement, and whether it has a row in the member's journal only because its body was
 * spilled (a non-persistent message that came back from disk; its row goes when it does).
 */
public record StoredMessage(long sequence, MessageRecord message, int failedDeliveries, boolean spilled) {

    public StoredMessage(long sequence, MessageRecord message, int failedDeliveries) {
        this(sequence, message, failedDeliveries, false);
    }

    StoredMessage redelivered() {
        return new StoredMessage(sequence, message, failedDeliveries + 1, spilled);
    }

    /** Whether the member's journal has a row for it: persistent, or spilled. */
    public boolean onDisk() {
        return spilled || message.persistent();
    }

    /** Whether a selector (null for none) selects this message, as it would be delivered next. */
    public boolean matches(Selector selector) {
        return Waiter.wants(selector, message, failedDeliveries + 1);
    }

    public Delivery toDelivery(int shard) {
        return new Delivery(message, failedDeliveries + 1, shard, sequence);
    }
}
