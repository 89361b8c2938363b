package io.cairnmq.engine.queue;

/**
 * The owner's decision on a lease request, which may also carry acknowledgements.
 *
 * @param acknowledged sequences removed because the requester acknowledged them
 * @param expired      sequences dropped because they expired before delivery (the destination
 *                     has no expiry queue)
 * @param leased       sequences leased to the requester, in delivery order
 * @param waitingRoom  when above 0, nothing is left ready and the requester now waits for a
 *                     wake-up (or a hand-off of up to this many messages)
 * @param waiterVersion the shard's waiter version after this decision
 * @param nextDue       earliest delivery time of a ready message not yet due, 0 for none
 * @param selector      the requester's selector (null for none), kept with its registration as a waiter
 * @param moves         messages leased to the requester's mover instead
 * @param claimsExclusive on an exclusive queue without a consumer: the requester becomes its consumer
 */
public record LeaseDecision(long[] acknowledged, long[] expired, long[] leased, int waitingRoom, long waiterVersion,
                            long nextDue, String selector, Moves moves, boolean claimsExclusive) {

    /**
     * Messages leased to the requester's {@link Holder#mover()} instead of the requester, to be
     * moved to another queue in one transaction each.
     *
     * @param outOfAttempts sequences that had every delivery their destination allows: for its
     *                      dead-letter queue (or to be dropped, without one)
     * @param expired       sequences that expired: for its expiry queue
     */
    public record Moves(long[] outOfAttempts, long[] expired) {

        public static final Moves NONE = new Moves(new long[0], new long[0]);

        public boolean isEmpty() {
            return outOfAttempts.length == 0 && expired.length == 0;
        }
    }

    /** A decision that moves nothing. */
    public LeaseDecision(long[] acknowledged, long[] expired, long[] leased, int waitingRoom, long waiterVersion,
                         long nextDue, String selector) {
        this(acknowledged, expired, leased, waitingRoom, waiterVersion, nextDue, selector, Moves.NONE, false);
    }

    public boolean waiterRegistered() {
        return waitingRoom > 0;
    }
}
