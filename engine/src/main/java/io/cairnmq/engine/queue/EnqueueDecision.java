package io.cairnmq.engine.queue;

import java.util.List;

/**
 * The owner's decision on a batch sent to a shard.
 *
 * @param firstSequence sequence number of the batch's first message
 * @param duplicate     the batch was applied before (a retried invocation): nothing changes
 * @param handOffs      messages leased at once to consumers waiting on the producer's member
 * @param woken         waiters to wake because messages are left ready (they are no longer waiting)
 * @param waiterVersion the shard's waiter version after this decision (see {@link ShardState#waiterVersion()})
 * @param resident      how many of the batch's first messages stay in memory; the others go to disk
 * @param lastValueProperty on a last-value queue, its key property; null otherwise
 * @param replaced      on a last-value queue, the waiting messages the batch replaces (older ones
 *                      and earlier ones of the batch with the same value), which leave the queue
 */
public record EnqueueDecision(long firstSequence, boolean duplicate, List<HandOff> handOffs, List<Holder> woken,
                              long waiterVersion, int resident, String lastValueProperty, long[] replaced) {

    /** A decision on a queue that is not a last-value queue. */
    public EnqueueDecision(long firstSequence, boolean duplicate, List<HandOff> handOffs, List<Holder> woken,
                           long waiterVersion, int resident) {
        this(firstSequence, duplicate, handOffs, woken, waiterVersion, resident, null, new long[0]);
    }
}
