package io.cairnmq.engine.store;

import io.cairnmq.engine.api.MessageRecord;

/** One change to the persistent messages of a queue, as the journal keeps it. */
public sealed interface JournalRecord {

    QueueAddress queue();

    long sequence();

    /** A persistent message is stored at this sequence, with this many failed deliveries. */
    record Stored(QueueAddress queue, long sequence, int failedDeliveries, MessageRecord message)
            implements JournalRecord {
    }

    /** The message at this sequence is gone: acknowledged, expired, or its queue was deleted. */
    record Removed(QueueAddress queue, long sequence) implements JournalRecord {
    }

    /** A delivery of the message at this sequence ended without an acknowledgement. */
    record Redelivered(QueueAddress queue, long sequence, int failedDeliveries) implements JournalRecord {
    }
}
