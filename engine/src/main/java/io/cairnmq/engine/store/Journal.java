package io.cairnmq.engine.store;

import io.cairnmq.engine.api.StoreFailureException;

import io.cairnmq.engine.queue.StoredMessage;

import java.util.List;

/**
 * A member's journal of persistent messages. {@link #append} only queues records (it is called
 * on partition threads and never blocks); a writer thread of the journal's own writes them in
 * group commits, and {@link #awaitDurable} lets the caller of a change wait until the write
 * policy says it is safe.
 */
public interface Journal extends AutoCloseable {

    /** A journal that keeps nothing, for members without persistence. */
    Journal NONE = new NoJournal();

    /**
     * Queues records to be written, in order; returns the ticket to wait for (0 when there was
     * nothing to write). Appends reach the disk in their order, each whole: whatever a crash
     * keeps is every append up to some ticket, never a later one without an earlier one.
     */
    long append(List<JournalRecord> records);

    /**
     * Returns once every record up to {@code ticket} is as durable as the write policy promises;
     * at once for the policy that does not wait.
     *
     * @throws StoreFailureException when writing them failed (naming the file and the cause)
     */
    void awaitDurable(long ticket);

    /**
     * Returns once every record up to {@code ticket} is written (whatever the write policy):
     * what a page-in waits for before it reads spilled messages back.
     */
    void awaitWritten(long ticket);

    /** The ticket of the newest append; 0 before any. */
    long lastTicket();

    /**
     * Whether the records queued and not yet written are past the journal's bound (the disk is
     * slow or failing). Appends still queue (they come from partition threads, which must not
     * wait); whoever sent the change waits for its ticket to be written before sending more.
     */
    default boolean isBehind() {
        return false;
    }

    /**
     * Reads everything the journal holds, queue by queue, each queue's messages in sequence
     * order, handing them over in chunks of at most {@code chunkSize} so that a journal larger
     * than the heap can be read.
     */
    void load(int chunkSize, java.util.function.BiConsumer<QueueAddress, List<StoredMessage>> chunk);

    /**
     * The next spilled messages of one priority of a queue: those with a sequence above
     * {@code afterSequence}, in sequence order, at most {@code max}.
     */
    List<StoredMessage> readSpilled(QueueAddress queue, int priority, long afterSequence, int max);

    /** Rows read per query by {@link #visitSpilled}: a few at a time, so that no read loads a backlog. */
    int ROWS_PER_READ = 64;

    /**
     * Visits the spilled messages of one priority of a queue after {@code afterSequence}, in
     * sequence order, reading them a few at a time, until the visitor returns false.
     *
     * @return whether the visitor stopped the walk (more messages may follow); false at the end
     */
    default boolean visitSpilled(QueueAddress queue, int priority, long afterSequence,
                                 java.util.function.Predicate<StoredMessage> visitor) {
        long after = afterSequence;
        List<StoredMessage> rows;
        do {
            rows = readSpilled(queue, priority, after, ROWS_PER_READ);
            for (StoredMessage m : rows) {
                after = m.sequence();
                if (!visitor.test(m)) {
                    return true;
                }
            }
        } while (rows.size() == ROWS_PER_READ);
        return false;
    }

    /** The version of each queue's rows (see {@link JournalRecord.QueueVersion}); none for a queue never changed. */
    java.util.Map<QueueAddress, Long> versions();

    /** The durable subscriptions the journal holds. */
    List<RecoveredSubscription> subscriptions();

    /** The transactions prepared on each entry (by its address, subscription empty), by transaction id. */
    java.util.Map<QueueAddress, java.util.Map<String, io.cairnmq.engine.tx.PreparedWork>> preparedTransactions();

    /**
     * The decisions to commit each coordinating entry recorded and has not forgotten yet, with
     * the other participants of each.
     */
    java.util.Map<QueueAddress, java.util.Map<String, List<String>>> committedTransactions();

    /**
     * Records a destination this member created, with its shard count, so that it exists again
     * after a restart. Written at once, on the caller's thread (never a partition thread).
     *
     * @throws StoreFailureException when it cannot be written
     */
    void declare(String destination, int shards);

    /** The destinations recorded, by qualified name, with their shard counts. */
    java.util.Map<String, Integer> destinations();

    /**
     * Writes what is queued, then forgets every message and subscription: the member left a
     * cluster that took its shards over, so nothing here is its to recover any more.
     * Destinations stay.
     */
    void forgetHeldState();

    /** Writes what is queued and closes the store. */
    @Override
    void close();
}
