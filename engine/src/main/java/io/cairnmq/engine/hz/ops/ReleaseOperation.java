package io.cairnmq.engine.hz.ops;

import io.cairnmq.engine.hz.ShardReply;
import io.cairnmq.engine.queue.ReleaseDecision;
import io.cairnmq.engine.queue.ShardState;

/**
 * Base of the operations that put leased messages back: they differ only in what they decide
 * to release; applying, replaying on backups and waking waiters are the same.
 */
abstract class ReleaseOperation extends ShardOperation {

    private ReleaseDecision decision;

    ReleaseOperation() {
        // for deserialization
    }

    ReleaseOperation(boolean callersInstance) {
        super(callersInstance);
    }

    /** Which leases go back, decided on the owner. */
    protected abstract ReleaseDecision decide(ShardState state);

    @Override
    protected final ShardReply decideAndApply(ShardState state, int shardIndex) {
        decision = decide(state);
        state.applyRelease(decision);
        return reply(state, decision.woken());
    }

    @Override
    protected final void replay(ShardState state) {
        state.applyRelease(decision);
    }

    @Override
    protected final ShardOperation backupCopy() {
        return ReleaseReplay.of(decision);
    }
}
