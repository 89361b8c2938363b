package io.cairnmq.engine.hz.ops;

import io.cairnmq.engine.hz.member.ChangeReply;
import io.cairnmq.engine.queue.ReleaseDecision;
import io.cairnmq.engine.queue.ShardState;

/**
 * Base of the operations that put leased messages back: they differ only in what they decide
 * to release; applying, replaying on backups and waking waiters are the same.
 */
abstract class ReleaseOperation extends QueueOperation<ChangeReply> {

    private ReleaseDecision decision;

    ReleaseOperation() {
        // for deserialization
    }

    /** Which leases go back, decided on the owner. */
    protected abstract ReleaseDecision decide(ShardState state);

    @Override
    protected final ChangeReply decideAndApply(ShardState state, int shardIndex) {
        decision = decide(state);
        return journaled(ChangeReply.waking(decision.woken()), applyAndJournal(this, state, decision));
    }

    @Override
    protected final ChangeReply withoutQueue() {
        return new ChangeReply();
    }

    @Override
    protected final void replay(ShardState state) {
        applyAndJournal(this, state, decision);
    }

    /**
     * Applies a release; a release counted as a failed delivery journals the new counts of the
     * persistent messages it put back. Returns the journal ticket.
     */
    static long applyAndJournal(ShardOperation<?> operation, ShardState state, ReleaseDecision decision) {
        long[] persistent = decision.countsDelivery()
                ? ShardJournal.persistent(operation.journaledQueue(), state, decision.released()) : new long[0];
        state.applyRelease(decision);
        return operation.journal(ShardJournal.redelivered(operation.journaledQueue(), state, persistent));
    }

    @Override
    protected final ShardOperation<ChangeReply> backupCopy() {
        return ReleaseReplay.of(decision);
    }
}
