package io.cairnmq.engine.hz;

import com.hazelcast.map.IMap;
import io.cairnmq.engine.hz.ops.ShardOperation;
import io.cairnmq.engine.queue.ShardState;

import java.util.concurrent.CompletionStage;

/** Runs shard operations and resolves their replies, whether they came back as objects or over the wire. */
final class ShardCalls {

    private final IMap<ShardKey, ShardState> shards;

    ShardCalls(IMap<ShardKey, ShardState> shards) {
        this.shards = shards;
    }

    /** Runs the operation on the shard's owner and waits for its reply. */
    ShardReply call(ShardKey key, ShardOperation operation) {
        return operation.replyOf(shards.executeOnKey(key, operation));
    }

    /** Starts the operation on the shard's owner; the stage completes with its reply. */
    CompletionStage<ShardReply> submit(ShardKey key, ShardOperation operation) {
        return shards.submitToKey(key, operation).thenApply(operation::replyOf);
    }
}
