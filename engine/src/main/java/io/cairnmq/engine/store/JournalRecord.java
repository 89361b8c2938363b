package io.cairnmq.engine.store;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.topic.SubscriptionDefinition;

/**
 * One change to the persistent messages of a queue, or to a durable subscription, as the
 * journal keeps it. Records about a whole subscription use negative sequences, so that they
 * never share a key with a message.
 */
public sealed interface JournalRecord {

    /** The sequence of a record about a subscription's existence rather than one of its messages. */
    long SUBSCRIPTION_CREATED = -1;
    long SUBSCRIPTION_DROPPED = -2;
    long SHARD_RELEASED = -3;
    long QUEUE_VERSION = -4;
    long QUEUE_CLEARED = -5;
    long TRANSACTION_PREPARED = -6;
    long TRANSACTION_COMMITTED = -7;

    QueueAddress queue();

    long sequence();

    /** The transaction a record of the commit protocol is about; null for any other record. */
    default String transaction() {
        return null;
    }

    /**
     * A message is stored at this sequence, with this many failed deliveries; {@code durable}
     * says whether it outlives the member (a persistent message of a queue or durable
     * subscription) or is only a spilled body (gone at restart). {@code firstWrite} marks a
     * message just enqueued, whose row no journal can hold yet; a message written again (put
     * back at a restart, copied to a new holder) may have its row there already.
     */
    record Stored(QueueAddress queue, long sequence, int failedDeliveries, MessageRecord message, boolean durable,
                  boolean firstWrite) implements JournalRecord {

        /** A message written again, durable exactly when it is persistent: a queue's or a durable subscription's. */
        public Stored(QueueAddress queue, long sequence, int failedDeliveries, MessageRecord message) {
            this(queue, sequence, failedDeliveries, message, message.persistent(), false);
        }

        /** A message written again. */
        public Stored(QueueAddress queue, long sequence, int failedDeliveries, MessageRecord message, boolean durable) {
            this(queue, sequence, failedDeliveries, message, durable, false);
        }

        /** A message just enqueued: its first write, never delivered. */
        public static Stored enqueued(QueueAddress queue, long sequence, MessageRecord message, boolean durable) {
            return new Stored(queue, sequence, 0, message, durable, true);
        }
    }

    /** The message at this sequence is gone: acknowledged, expired, or its queue was deleted. */
    record Removed(QueueAddress queue, long sequence) implements JournalRecord {
    }

    /** A delivery of the message at this sequence ended without an acknowledgement. */
    record Redelivered(QueueAddress queue, long sequence, int failedDeliveries) implements JournalRecord {
    }

    /** A durable subscription was created (its queue is {@code queue}) with this definition. */
    record SubscriptionCreated(QueueAddress queue, SubscriptionDefinition definition) implements JournalRecord {
        @Override
        public long sequence() {
            return SUBSCRIPTION_CREATED;
        }
    }

    /** A durable subscription was deleted, with every message it held. */
    record SubscriptionDropped(QueueAddress queue) implements JournalRecord {
        @Override
        public long sequence() {
            return SUBSCRIPTION_DROPPED;
        }
    }

    /**
     * The queue's rows stand at this version: the count of their changes, which tells a journal
     * that missed some (its member died while the others went on) from a current one.
     */
    record QueueVersion(QueueAddress queue, long version) implements JournalRecord {
        @Override
        public long sequence() {
            return QUEUE_VERSION;
        }
    }

    /** Every message row of the queue is void (recovered from journals found stale); its version stays. */
    record QueueCleared(QueueAddress queue) implements JournalRecord {
        @Override
        public long sequence() {
            return QUEUE_CLEARED;
        }
    }

    /**
     * This member's rows of a whole shard (every subscription's, and a topic's durable
     * subscriptions) are void: it no longer holds the shard, or it is about to write the shard
     * again as a new holder. {@code queue} names the shard; its subscription is empty.
     */
    record ShardReleased(QueueAddress queue) implements JournalRecord {
        @Override
        public long sequence() {
            return SHARD_RELEASED;
        }

        /** Whether a record is about this shard. */
        public boolean covers(QueueAddress other) {
            return other.destination().equals(queue.destination()) && other.shard() == queue.shard();
        }
    }

    /**
     * A transaction is prepared on the entry {@code queue} names (its subscription is empty): its
     * persistent sends wait for the decision, and the messages it acknowledges with them. Until
     * {@link TransactionDone}, a restart holds them so and resolves the transaction.
     */
    record TransactionPrepared(QueueAddress queue, String transaction, io.cairnmq.engine.tx.PreparedWork work)
            implements JournalRecord {
        @Override
        public long sequence() {
            return TRANSACTION_PREPARED;
        }
    }

    /** A transaction prepared on the entry was applied or rolled back there (in the same commit as its changes). */
    record TransactionDone(QueueAddress queue, String transaction) implements JournalRecord {
        @Override
        public long sequence() {
            return TRANSACTION_PREPARED;
        }
    }

    /**
     * The entry, the transaction's coordinator, recorded its decision to commit it (with its own
     * changes); {@code participants} are the other entries, which apply it after.
     */
    record TransactionCommitted(QueueAddress queue, String transaction, java.util.List<String> participants)
            implements JournalRecord {
        @Override
        public long sequence() {
            return TRANSACTION_COMMITTED;
        }
    }

    /** Every participant applied the transaction: its decision is no longer needed. */
    record TransactionForgotten(QueueAddress queue, String transaction) implements JournalRecord {
        @Override
        public long sequence() {
            return TRANSACTION_COMMITTED;
        }
    }
}
