package io.cairnmq.engine.queue;

import java.util.List;

/**
 * The owner's decision on a page-in: the waiters it wakes, and the waiter version after it.
 */
public record PageInDecision(List<Holder> woken, long waiterVersion) {
}
