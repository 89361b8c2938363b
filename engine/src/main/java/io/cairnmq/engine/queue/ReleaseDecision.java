package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.Redelivery;

import java.util.List;

/**
 * The owner's decision to put leased messages back.
 *
 * @param released      sequences going back to ready
 * @param redelivery    whether each counts as a failed delivery (marked redelivered)
 * @param woken         waiters to wake because messages became ready
 * @param dropped       waiters removed because their holder is gone
 * @param waiterVersion the shard's waiter version after this decision; 0 when it changed nothing
 */
public record ReleaseDecision(long[] released, Redelivery redelivery, List<Holder> woken, List<Holder> dropped,
                              long waiterVersion) {

    public static final ReleaseDecision NOTHING = new ReleaseDecision(new long[0], Redelivery.NOT_COUNTED, List.of(),
            List.of(), 0);

    /** Whether each released message counts as a failed delivery. */
    public boolean countsDelivery() {
        return redelivery == Redelivery.COUNTED;
    }
}
