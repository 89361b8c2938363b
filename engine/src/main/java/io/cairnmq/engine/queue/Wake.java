package io.cairnmq.engine.queue;

/**
 * A waiter to wake, with the waiter version of its queue after the change that woke it, so
 * that the consumer can order the wake-up against the other words it hears from that queue.
 */
public record Wake(Holder waiter, long waiterVersion) {

    /** Marks a version still to be stamped with the queue's version once the change is applied. */
    public static final long UNSTAMPED = -1;

    public static Wake unstamped(Holder waiter) {
        return new Wake(waiter, UNSTAMPED);
    }
}
