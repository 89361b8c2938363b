package io.cairnmq.engine.hz;

import com.hazelcast.map.IMap;
import io.cairnmq.engine.hz.ops.ShardOperation;
import io.cairnmq.engine.queue.ShardState;

import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Runs shard operations and resolves their replies, whether they came back as objects or over
 * the wire.
 *
 * <p>Completions always run on the engine's executor. Hazelcast runs a callback registered
 * without an executor on its default one, which on a machine with fewer than three cores
 * starts a new thread for every callback.
 */
final class ShardCalls {

    private final IMap<ShardKey, ShardState> shards;
    private final Executor executor;

    ShardCalls(IMap<ShardKey, ShardState> shards, Executor executor) {
        this.shards = shards;
        this.executor = executor;
    }

    /** Runs the operation on the shard's owner and waits for its reply. */
    ShardReply call(ShardKey key, ShardOperation operation) {
        return operation.replyOf(shards.executeOnKey(key, operation));
    }

    /**
     * Starts the operation on the shard's owner. {@code done} gets the reply or the failure
     * (one of the two is null) on the engine's executor; a failure to start arrives the same way.
     */
    void submit(ShardKey key, ShardOperation operation, BiConsumer<ShardReply, Throwable> done) {
        try {
            shards.submitToKey(key, operation).whenCompleteAsync((reply, error) -> {
                ShardReply resolved = null;
                Throwable failure = error;
                if (failure == null) {
                    try {
                        resolved = operation.replyOf(reply);
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
                done.accept(resolved, failure);
            }, executor);
        } catch (RuntimeException e) {
            executor.execute(() -> done.accept(null, e));
        }
    }
}
