package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.DeliveryPolicy;
import io.cairnmq.engine.api.DestinationInfo;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.MovedMessages;
import io.cairnmq.engine.api.Redelivery;
import io.cairnmq.engine.api.TransactionInDoubtException;
import io.cairnmq.engine.hz.member.EngineThreads;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.ops.ReleaseLeases;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.topic.Origin;
import io.cairnmq.engine.tx.Acknowledgement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves the messages a consumer's lease found out of delivery attempts, or expired while their
 * destination has an expiry queue, as the destination's {@link DeliveryPolicy} says: the
 * messages of one lease in one transaction that acknowledges them where they are and sends
 * their copies to the dead-letter (or expiry) queue, so that each is in exactly one of the two
 * whatever fails. Without a dead-letter queue, a message out of attempts is only acknowledged
 * (dropped), with a log line.
 *
 * <p>Until then the shard holds them for the consumer's {@link Holder#mover() mover}, on the
 * consumer's connection: when the connection closes or its member dies they go back (counted)
 * and the next lease finds them again. A move that is refused (the target queue full, say) puts
 * them back held for {@link #RETRY_HOLD_MILLIS}, and the first lease after that tries again. The
 * work waits for one thread in a bounded queue; what does not fit goes back the same way.
 */
final class MessageMover {

    private static final Logger LOG = LoggerFactory.getLogger(MessageMover.class);
    /** How long messages whose move failed are held back before a lease finds them again. */
    static final long RETRY_HOLD_MILLIS = 1_000;
    /** Lease replies' worth of moves that may wait for the mover's thread. */
    private static final int MAX_WAITING = 256;

    private final HzEngine engine;
    private final HzTransactions transactions;
    private final ExecutorService thread;

    MessageMover(HzEngine engine, HzTransactions transactions) {
        this.engine = engine;
        this.transactions = transactions;
        this.thread = EngineThreads.single("cairnmq-mover-" + engine.config().name(), MAX_WAITING);
    }

    ExecutorService thread() {
        return thread;
    }

    /** Moves, in the background, what a lease on {@code key} handed to {@code mover}. */
    void move(ShardKey key, String subscription, Holder mover, List<StoredMessage> outOfAttempts,
              List<StoredMessage> expired) {
        if (outOfAttempts.isEmpty() && expired.isEmpty()) {
            return;
        }
        try {
            thread.execute(() -> {
                // Each on its own: what fails in one is given back, and the other is still moved.
                moveAll(key, subscription, mover, outOfAttempts, false);
                moveAll(key, subscription, mover, expired, true);
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("Too many moves wait (or the engine stops): {} message(s) of {} go back for {} ms",
                    outOfAttempts.size() + expired.size(), key, RETRY_HOLD_MILLIS);
            putBack(key, subscription, mover, outOfAttempts);
            putBack(key, subscription, mover, expired);
        }
    }

    private void moveAll(ShardKey key, String subscription, Holder mover, List<StoredMessage> messages,
                         boolean expired) {
        if (messages.isEmpty()) {
            return;
        }
        DestinationName source = DestinationName.parseQualified(key.destination());
        DeliveryPolicy policy = engine.config().policyFor(key.destination());
        // The shard's owner decided by its configuration; an expired message this member has no
        // expiry queue for is dropped, as it would have been here.
        String target = expired ? policy.expiryQueue() : policy.deadLetterQueue();
        long[] sequences = messages.stream().mapToLong(StoredMessage::sequence).toArray();
        // Once, whichever way the move turns out not to happen: now, or once a move in doubt is resolved.
        AtomicBoolean givenBack = new AtomicBoolean();
        Runnable giveBack = () -> {
            if (givenBack.compareAndSet(false, true)) {
                putBack(key, subscription, mover, messages);
            }
        };
        try {
            List<MessageRecord> copies = target == null ? List.of()
                    : messages.stream().map(m -> copyOf(m, source, subscription, expired, policy)).toList();
            ShardKey to = target == null ? null : shardFor(DestinationName.queue(target), copies.get(0));
            transactions.commitMove(key, new Acknowledgement(subscription, mover, sequences), to, copies,
                    new Origin(mover.connectionId(), null), giveBack);
            report(source, messages, target, expired, policy);
        } catch (TransactionInDoubtException e) {
            LOG.warn("Moving {} message(s) from {}: the outcome is resolved in the background, all or nothing",
                    messages.size(), source);
        } catch (RuntimeException e) {
            LOG.warn("Could not move {} message(s) from {} to {}: {}; they are tried again in {} ms",
                    messages.size(), source, target, e.toString(), RETRY_HOLD_MILLIS);
            giveBack.run();
        }
    }

    /** The copy that goes to the target queue: the same message, with where it came from and why. */
    private static MessageRecord copyOf(StoredMessage m, DestinationName source, String subscription,
                                        boolean expired, DeliveryPolicy policy) {
        MessageRecord.Builder copy = m.message().toBuilder()
                .property(MovedMessages.ORIGINAL_DESTINATION, source.qualified())
                .property(MovedMessages.DELIVERY_ATTEMPTS, m.failedDeliveries());
        if (subscription != null) {
            copy.property(MovedMessages.ORIGINAL_SUBSCRIPTION, subscription);
        }
        if (expired) {
            copy.property(MovedMessages.ORIGINAL_EXPIRATION, m.message().expiration())
                    .property(MovedMessages.REASON, "expired on " + source)
                    .expiration(0);
        } else {
            copy.property(MovedMessages.REASON, "delivered " + m.failedDeliveries() + " times without being"
                    + " acknowledged (maxDeliveryAttempts " + policy.maxDeliveryAttempts() + " of " + source + ")");
        }
        return copy.build();
    }

    /** The shard of the target queue the copies go to, all to one so that they commit in one entry. */
    private ShardKey shardFor(DestinationName target, MessageRecord first) {
        DestinationInfo info = engine.catalog().resolve(target);
        String spread = first.groupId() != null ? first.groupId() : first.id();
        return new ShardKey(target.qualified(), Math.floorMod(spread.hashCode(), info.settings().shards()));
    }

    private static void report(DestinationName source, List<StoredMessage> messages, String target, boolean expired,
                               DeliveryPolicy policy) {
        if (expired) {
            LOG.debug("Moved {} expired message(s) from {} to {}", messages.size(), source, target);
        } else if (target == null) {
            LOG.warn("Dropped {} message(s) of {} after {} failed deliveries: no dead-letter queue is configured"
                    + " (first: {})", messages.size(), source, policy.maxDeliveryAttempts(), messages.get(0).message().id());
        } else {
            LOG.warn("Moved {} message(s) from {} to {} after {} failed deliveries (first: {})", messages.size(), source,
                    target, policy.maxDeliveryAttempts(), messages.get(0).message().id());
        }
    }

    /**
     * Gives messages back to their queue, held back for a while, in the background (the caller
     * may be a lease's completion), again and again until it is done: the engine's owned retries
     * own it.
     */
    private void putBack(ShardKey key, String subscription, Holder mover, List<StoredMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        long[] sequences = messages.stream().mapToLong(StoredMessage::sequence).toArray();
        engine.cleanups().retry(mover.consumerId(), "give " + sequences.length + " message(s) back to " + key, 0,
                () -> {
                    ReleaseLeases release = new ReleaseLeases(mover, sequences, Redelivery.NOT_COUNTED,
                            RETRY_HOLD_MILLIS);
                    release.onSubscription(subscription);
                    engine.wakeups().wake(key, engine.calls().call(key, release));
                }, () -> { });
    }
}
