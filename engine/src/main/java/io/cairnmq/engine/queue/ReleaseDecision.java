package io.cairnmq.engine.queue;

import java.util.List;

/**
 * The owner's decision to put leased messages back.
 *
 * @param released      sequences going back to ready
 * @param countDelivery whether each counts as a failed delivery (marked redelivered)
 * @param woken         waiters to wake because messages became ready
 * @param dropped       waiters removed because their holder is gone
 * @param waiterVersion the shard's waiter version after this decision; 0 when it changed nothing
 */
public record ReleaseDecision(long[] released, boolean countDelivery, List<Holder> woken, List<Holder> dropped,
                              long waiterVersion) {

    public static final ReleaseDecision NOTHING = new ReleaseDecision(new long[0], false, List.of(), List.of(), 0);
}
