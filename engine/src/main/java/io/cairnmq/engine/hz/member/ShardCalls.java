package io.cairnmq.engine.hz.member;

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
public final class ShardCalls {

    private final IMap<ShardKey, ShardEntry> shards;
    private final Executor caller;
    private final String memberId;
    private final MemberContext member;

    public ShardCalls(IMap<ShardKey, ShardEntry> shards, Executor caller, String memberId, MemberContext member) {
        this.shards = shards;
        this.caller = caller;
        this.memberId = memberId;
        this.member = member;
    }

    /** Runs the operation on the shard's owner and waits for its reply. */
    public <R extends ShardReply> R call(ShardKey key, ShardOperation<R> operation) {
        member.failures().check(operation);
        R reply = operation.replyOf(shards.executeOnKey(key, operation.from(memberId, member)));
        member.failures().checkReply(operation);
        return reply;
    }

    /**
     * Starts the operation on the shard's owner. {@code done} gets the reply or the failure (one
     * of the two is null) on a caller thread.
     */
    public <R extends ShardReply> void submit(ShardKey key, ShardOperation<R> operation,
                                              BiConsumer<R, Throwable> done) {
        try {
            caller.execute(() -> run(key, operation, done));
        } catch (RuntimeException e) {
            // The engine is shutting down, or has too many operations waiting: it fails here.
            done.accept(null, e);
        }
    }

    private <R extends ShardReply> void run(ShardKey key, ShardOperation<R> operation, BiConsumer<R, Throwable> done) {
        R reply;
        try {
            reply = call(key, operation);
        } catch (RuntimeException e) {
            done.accept(null, e);
            return;
        }
        done.accept(reply, null);
    }
}
