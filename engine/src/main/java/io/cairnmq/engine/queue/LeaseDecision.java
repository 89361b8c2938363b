package io.cairnmq.engine.queue;

/**
 * The owner's decision on a lease request, which may also carry acknowledgements.
 *
 * @param acknowledged sequences removed because the requester acknowledged them
 * @param expired      sequences dropped because they expired before delivery
 * @param leased       sequences leased to the requester, in delivery order
 * @param waitingRoom  when above 0, nothing is left ready and the requester now waits for a
 *                     wake-up (or a hand-off of up to this many messages)
 * @param waiterVersion the shard's waiter version after this decision
 * @param nextDue       earliest delivery time of a ready message not yet due, 0 for none
 * @param selector      the requester's selector (null for none), kept with its registration as a waiter
 */
public record LeaseDecision(long[] acknowledged, long[] expired, long[] leased, int waitingRoom, long waiterVersion,
                            long nextDue, String selector) {

    public boolean waiterRegistered() {
        return waitingRoom > 0;
    }
}
