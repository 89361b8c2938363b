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
 * @param heldUntil     for each released sequence, until when it is held back (owner's clock,
 *                      epoch millis; 0 for not held); empty when none is
 * @param failedAtLeast how many deliveries of each message have failed at least (its consumer
 *                      redelivered it itself before: each counts); 0 for one more than before
 *                      (counted) or as before (not counted)
 * @param left          consumers that stopped for good or are gone: the exclusive queue's consumer
 *                      among them is replaced by the next to ask, and their message groups are
 *                      nobody's
 */
public record ReleaseDecision(long[] released, Redelivery redelivery, List<Holder> woken, List<Holder> dropped,
                              long waiterVersion, long[] heldUntil, int failedAtLeast, List<Holder> left) {

    public static final ReleaseDecision NOTHING = new ReleaseDecision(new long[0], Redelivery.NOT_COUNTED, List.of(),
            List.of(), 0);

    /** A release that holds nothing back. */
    public ReleaseDecision(long[] released, Redelivery redelivery, List<Holder> woken, List<Holder> dropped,
                           long waiterVersion) {
        this(released, redelivery, woken, dropped, waiterVersion, new long[0], 0, List.of());
    }

    /** Until when the i-th released message is held back; 0 for not held. */
    public long heldUntil(int i) {
        return heldUntil.length == 0 ? 0 : heldUntil[i];
    }

    /** Whether each released message counts as a failed delivery. */
    public boolean countsDelivery() {
        return redelivery == Redelivery.COUNTED;
    }
}
