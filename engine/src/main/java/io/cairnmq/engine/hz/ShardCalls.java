package io.cairnmq.engine.hz;

import com.hazelcast.map.IMap;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.hz.ops.ShardOperation;

import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Runs shard operations and resolves their replies, whether they came back as objects or over
 * the wire.
 *
 * <p>Asynchronous operations run as blocking calls on the engine's caller threads instead of
 * through Hazelcast's futures: those complete their internal stages on Hazelcast's default
 * executor, which on a machine with fewer than three cores starts a new thread for every
 * completion. Measured on 2 cores: p50 latency 1.6 ms through the futures, 70 µs this way, and
 * twice the throughput.
 */
final class ShardCalls {

    private final IMap<ShardKey, ShardEntry> shards;
    private final Executor caller;
    private final String memberId;

    ShardCalls(IMap<ShardKey, ShardEntry> shards, Executor caller, String memberId) {
        this.shards = shards;
        this.caller = caller;
        this.memberId = memberId;
    }

    /** Runs the operation on the shard's owner and waits for its reply. */
    ShardReply call(ShardKey key, ShardOperation operation) {
        return operation.replyOf(shards.executeOnKey(key, operation.from(memberId)));
    }

    /**
     * Starts the operation on the shard's owner. {@code done} gets the reply or the failure (one
     * of the two is null) on a caller thread.
     */
    void submit(ShardKey key, ShardOperation operation, BiConsumer<ShardReply, Throwable> done) {
        caller.execute(() -> {
            ShardReply reply;
            try {
                reply = call(key, operation);
            } catch (RuntimeException e) {
                done.accept(null, e);
                return;
            }
            done.accept(reply, null);
        });
    }
}
