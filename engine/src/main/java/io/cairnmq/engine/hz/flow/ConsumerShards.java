package io.cairnmq.engine.hz.flow;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.Redelivery;
import io.cairnmq.engine.hz.HzEngine;
import io.cairnmq.engine.hz.member.HzErrors;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.ChangeReply;
import io.cairnmq.engine.hz.member.LeaseReply;
import io.cairnmq.engine.hz.member.ShardReply;
import io.cairnmq.engine.hz.ops.AcknowledgeMessages;
import io.cairnmq.engine.hz.ops.ReleaseGoneHolders;
import io.cairnmq.engine.hz.ops.ReleaseLeases;
import io.cairnmq.engine.hz.ops.ShardOperation;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The operations one consumer sends to its shards other than leases: acknowledgements, releases
 * and the final give-back, each addressed to the consumer's queue (a shard's own, or a topic
 * subscription's), with the journal tickets of its acknowledgements noted and the producers
 * they made room for told.
 */
public final class ConsumerShards {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerShards.class);

    private final HzEngine engine;
    private final List<ShardKey> keys;
    private final Holder holder;
    private final String subscription;
    private final JournalTickets ackTickets;
    /** The consumer's failure, if it failed; calls then fail the same way. */
    private final Supplier<EngineException> failure;
    /** Tells the consumer that its member is shutting down. */
    private final Consumer<EngineException> fail;
    /** Whether a lease gave it a message of a group: then its shards must be told when it stops. */
    private volatile boolean leasedGroups;

    public ConsumerShards(HzEngine engine, List<ShardKey> keys, Holder holder, String subscription,
                   Supplier<EngineException> failure, Consumer<EngineException> fail) {
        this.engine = engine;
        this.keys = keys;
        this.holder = holder;
        this.subscription = subscription;
        this.ackTickets = new JournalTickets(keys.size());
        this.failure = failure;
        this.fail = fail;
    }

    /** Addresses an operation to this consumer's queue: a subscription's, or the shard's own. */
    public <T extends ShardOperation<?>> T scoped(T operation) {
        operation.onSubscription(subscription);
        return operation;
    }

    /**
     * What a lease reply says that concerns more than the lease: acknowledgements it carried, and
     * messages it handed to the consumer's mover.
     */
    public void leaseAnswered(int shard, LeaseReply reply) {
        acknowledged(shard, reply);
        if (reply != null) {
            engine.moveFromLease(keys.get(shard), subscription, holder, reply);
            if (!leasedGroups) {
                for (StoredMessage m : reply.messages()) {
                    if (m.message().groupId() != null) {
                        leasedGroups = true;
                        break;
                    }
                }
            }
        }
    }

    /** Whether a lease gave this consumer a message of a group (so it may be a group's consumer). */
    public boolean leasedGroups() {
        return leasedGroups;
    }

    /** Acknowledges and waits for the shard to apply it. */
    public void acknowledge(int shard, long[] sequences) {
        acknowledged(shard, call(shard, scoped(new AcknowledgeMessages(holder, sequences)), "acknowledge messages"));
    }

    /** Acknowledges without waiting; {@code done} runs with the reply or the failure. */
    public void acknowledgeAsync(int shard, long[] sequences, BiConsumer<ChangeReply, Throwable> done) {
        engine.calls().submit(keys.get(shard), scoped(new AcknowledgeMessages(holder, sequences)), (reply, error) -> {
            acknowledged(shard, reply);
            done.accept(reply, error);
        });
    }

    /** Waits until every acknowledgement made so far is as durable as the write policy promises. */
    public void awaitAcknowledgementsDurable() {
        ackTickets.awaitAll(engine.durability());
    }

    /** Puts messages back and wakes whoever the shard says. */
    public void release(int shard, long[] sequences, Redelivery redelivery) {
        release(shard, new ReleaseLeases(holder, sequences, redelivery));
    }

    /**
     * Puts back, counted, one delivery that failed {@code deliveryCount} times in all (its
     * consumer may have redelivered it itself before), and wakes whoever the shard says.
     */
    public void releaseFailed(int shard, long sequence, int deliveryCount) {
        release(shard, ReleaseLeases.withFailures(holder, new long[] {sequence}, Redelivery.COUNTED, deliveryCount));
    }

    /**
     * Puts back, uncounted, deliveries never handed out this time (prefetched, or redelivered by
     * the consumer itself and not yet handed out again), logging instead of failing: those the
     * consumer redelivered itself keep their failures.
     */
    public void releaseUnused(Collection<Delivery> unused) {
        long[][] byShard = ShardLedger.byShard(keys.size(), unused.stream().filter(d -> d.deliveryCount() <= 1).toList());
        for (int shard = 0; shard < keys.size(); shard++) {
            releaseQuietly(shard, byShard[shard], Redelivery.NOT_COUNTED);
        }
        for (Delivery d : unused) {
            if (d.deliveryCount() > 1) {
                releaseQuietly(d.shard(), ReleaseLeases.withFailures(holder, new long[] {d.sequence()},
                        Redelivery.NOT_COUNTED, d.deliveryCount() - 1), 1);
            }
        }
    }

    private void release(int shard, ReleaseLeases release) {
        ChangeReply reply = call(shard, scoped(release), "put messages back");
        engine.wakeups().wake(keys.get(shard), reply);
    }

    /** As {@link #release}, logging instead of failing: what fails goes back when the connection closes. */
    public void releaseQuietly(int shard, long[] sequences, Redelivery redelivery) {
        if (sequences.length > 0) {
            releaseQuietly(shard, new ReleaseLeases(holder, sequences, redelivery), sequences.length);
        }
    }

    /** As {@link #releaseFailed}, logging instead of failing: what fails goes back when the connection closes. */
    public void releaseFailedQuietly(int shard, long sequence, int deliveryCount) {
        releaseQuietly(shard, ReleaseLeases.withFailures(holder, new long[] {sequence}, Redelivery.COUNTED,
                deliveryCount), 1);
    }

    private void releaseQuietly(int shard, ReleaseLeases release, int count) {
        try {
            release(shard, release);
        } catch (EngineException e) {
            LOG.warn("Consumer {}: could not give {} message(s) back to {}: {}; the connection's close or the"
                    + " member's departure releases them", holder.consumerId(), count, keys.get(shard),
                    e.getMessage());
        }
    }

    /**
     * At close, on an exclusive queue or once it had a group: each shard forgets the consumer, so
     * that another takes its place (and its groups) now rather than when its connection closes.
     * A shard that cannot be told now is told later: the engine's owned retries own it.
     */
    public void leave(String consumerId) {
        for (ShardKey key : keys) {
            engine.cleanups().runOrRetry(consumerId, "leave " + key, () -> {
                ChangeReply reply = engine.calls().call(key,
                        new ReleaseGoneHolders(ReleaseGoneHolders.Scope.CONSUMER, consumerId));
                engine.wakeups().wake(key, reply);
            }, () -> { });
        }
    }

    /**
     * At close: sends the acknowledgements still pending, puts back what was handed out
     * (redelivered) and what was never handed out (unchanged).
     */
    public void giveBack(ArrayDeque<Delivery> unused, ShardLedger.Outstanding outstanding) {
        for (int shard = 0; shard < keys.size(); shard++) {
            if (outstanding.acks()[shard].length > 0) {
                try {
                    acknowledge(shard, outstanding.acks()[shard]);
                } catch (EngineException e) {
                    LOG.warn("Consumer {}: final acknowledgements failed: {}", holder.consumerId(), e.getMessage());
                }
            }
            releaseQuietly(shard, outstanding.handedOut()[shard], Redelivery.COUNTED);
        }
        releaseUnused(unused);
    }

    /** Notes an acknowledgement's journal ticket and tells the producers it made room for. */
    private void acknowledged(int shard, ShardReply reply) {
        ackTickets.note(shard, reply);
        if (reply != null && !reply.woken().isEmpty()) {
            engine.wakeups().wake(keys.get(shard), reply);
        }
    }

    private <R extends ShardReply> R call(int shard, ShardOperation<R> operation, String what) {
        EngineException failed = failure.get();
        if (failed != null) {
            throw failed;
        }
        try {
            return engine.calls().call(keys.get(shard), operation);
        } catch (RuntimeException e) {
            EngineException translated = HzErrors.translate(e, what + " on " + keys.get(shard));
            if (translated instanceof EngineClosedException) {
                fail.accept(translated);
            }
            throw translated;
        }
    }
}
