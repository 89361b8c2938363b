package io.cairnmq.engine.hz.flow;

import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * A consumer's view of the shards it waits on: where it is registered as a waiter (so it sends
 * no request there), the waiter version of the newest word it has had from each shard (older
 * words, overtaken on their way, are ignored), and the timers that look again when a delayed
 * message falls due. Not thread-safe: the consumer guards it with its lock.
 */
public final class ShardWaits {

    private final boolean[] waiting;
    private final long[] knownVersion;
    private final ScheduledFuture<?>[] dueTimers;
    private final long[] dueAt;

    public ShardWaits(int shards) {
        waiting = new boolean[shards];
        knownVersion = new long[shards];
        dueTimers = new ScheduledFuture<?>[shards];
        dueAt = new long[shards];
    }

    public boolean isWaiting(int shard) {
        return waiting[shard];
    }

    /** Takes the shard's word on whether the consumer waits there, unless a newer word came first. */
    public void learn(int shard, long waiterVersion, boolean waits) {
        if (waiterVersion > knownVersion[shard]) {
            knownVersion[shard] = waiterVersion;
            waiting[shard] = waits;
        }
    }

    /** The consumer will ask this shard again whatever it last heard (a delayed message fell due). */
    public void stopWaiting(int shard) {
        waiting[shard] = false;
    }

    /** Every shard is asked again (a member left, or everything was put back). */
    public void stopWaitingEverywhere() {
        Arrays.fill(waiting, false);
    }

    /**
     * Looks again at {@code shard} when a delayed message there falls due at {@code dueMillis}:
     * one timer per shard, for the earliest time asked; nothing runs in between.
     */
    public void wakeWhenDue(int shard, long dueMillis, ScheduledExecutorService timer, IntConsumer fallsDue) {
        if (dueTimers[shard] != null && dueAt[shard] <= dueMillis) {
            return;
        }
        if (dueTimers[shard] != null) {
            dueTimers[shard].cancel(false);
        }
        dueAt[shard] = dueMillis;
        long delay = Math.max(1, dueMillis - System.currentTimeMillis());
        dueTimers[shard] = timer.schedule(() -> fallsDue.accept(shard), delay, TimeUnit.MILLISECONDS);
    }

    /** The timer of this shard has fired. */
    public void timerFired(int shard) {
        dueTimers[shard] = null;
    }

    public void cancelTimers() {
        for (ScheduledFuture<?> t : dueTimers) {
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
