package io.cairnmq.engine.hz.ops;

import io.cairnmq.engine.hz.member.ShardReply;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.queue.ShardState;

/**
 * Base of the operations that change one queue of an entry: a queue shard's own, or the queue of
 * a topic's subscription ({@link #onSubscription}).
 */
abstract class QueueOperation<R extends ShardReply> extends ShardOperation<R> {

    @Override
    protected final R decideAndApplyOn(ShardEntry entry, int shardIndex) {
        ShardState queue = entry.queueOf(subscription);
        return queue == null ? withoutQueue() : decideAndApply(queue, shardIndex);
    }

    @Override
    protected final void replayOn(ShardEntry entry) {
        ShardState queue = entry.queueOf(subscription);
        if (queue != null) {
            replay(queue);
        }
    }

    /** Owner: decides against the queue's current state, applies, remembers the decision, answers. */
    protected abstract R decideAndApply(ShardState state, int shardIndex);

    /** Backup: applies the owner's decision to the queue. */
    protected abstract void replay(ShardState state);

    /** The answer when the addressed queue is not there (a subscription that was dropped): nothing changed. */
    protected abstract R withoutQueue();
}
