package io.cairnmq.jms;

import io.cairnmq.engine.api.Delivery;

/**
 * Counts how often in a row a message listener has thrown on the same message. Section 8.7 has
 * such a message redelivered at once; after a few local attempts it goes back to its queue
 * instead, where its delivery count is kept (and journaled) and any consumer may take it, so
 * that one message that always fails cannot keep a dispatcher turning on its own. Used on the
 * session's dispatcher only.
 */
final class ListenerFailures {

    /** Immediate redeliveries of one message before it goes back to its queue. */
    static final int IMMEDIATE_REDELIVERIES = 3;

    private int shard = -1;
    private long sequence = -1;
    private int inARow;

    /** The listener threw on this delivery: whether it may be redelivered at once once more. */
    boolean again(Delivery delivery) {
        if (delivery.shard() == shard && delivery.sequence() == sequence) {
            inARow++;
        } else {
            shard = delivery.shard();
            sequence = delivery.sequence();
            inARow = 1;
        }
        if (inARow > IMMEDIATE_REDELIVERIES) {
            succeeded();
            return false;
        }
        return true;
    }

    /** The listener returned normally: the next failure starts a new count. */
    void succeeded() {
        shard = -1;
        sequence = -1;
        inARow = 0;
    }
}
