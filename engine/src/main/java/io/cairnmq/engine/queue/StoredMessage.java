package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.selector.Selector;

/**
 * A message in a shard: its sequence number there, how many deliveries of it have ended without
 * an acknowledgement, whether it has a row in the member's journal only because its body was
 * spilled (a non-persistent message that came back from disk; its row goes when it does), and
 * until when it is held back after a failed delivery (the owner's clock, epoch millis; 0 for
 * not held). The hold lives in memory and in copies to backups, not in the journal: after a
 * restart a held message is delivered at once.
 */
public record StoredMessage(long sequence, MessageRecord message, int failedDeliveries, boolean spilled,
                            long heldUntil) {

    public StoredMessage(long sequence, MessageRecord message, int failedDeliveries, boolean spilled) {
        this(sequence, message, failedDeliveries, spilled, 0);
    }

    public StoredMessage(long sequence, MessageRecord message, int failedDeliveries) {
        this(sequence, message, failedDeliveries, false);
    }

    /**
     * Back after a failed delivery, held until then (0 for not held), with at least
     * {@code failedAtLeast} failed deliveries (its consumer may have redelivered it itself).
     */
    StoredMessage redelivered(long until, int failedAtLeast) {
        return new StoredMessage(sequence, message, Math.max(failedDeliveries + 1, failedAtLeast), spilled, until);
    }

    /**
     * Back as it was, held until then (0 for not held), with at least {@code failedAtLeast}
     * failed deliveries (its consumer redelivered it itself before giving it back unused).
     */
    StoredMessage heldUntil(long until, int failedAtLeast) {
        int failed = Math.max(failedDeliveries, failedAtLeast);
        return until == heldUntil && failed == failedDeliveries ? this
                : new StoredMessage(sequence, message, failed, spilled, until);
    }

    /** Whether it may be delivered at this time: due, and not held back. */
    public boolean deliverableAt(long nowMillis) {
        return message.deliveryTime() <= nowMillis && heldUntil <= nowMillis;
    }

    /** When it may be delivered: the later of its delivery time and the end of its hold. */
    public long dueAt() {
        return Math.max(message.deliveryTime(), heldUntil);
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
