package io.cairnmq.engine.hz.ops;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * The journal records of a shard change: only persistent messages are journaled, so a
 * non-persistent one costs no disk write. {@code queue} null means the shard is not journaled.
 */
final class ShardJournal {

    private ShardJournal() {
    }

    /**
     * The messages of a batch enqueued from {@code firstSequence} on that go to disk: those past
     * the first {@code resident}, whose bodies spill, and, in a queue that outlives its member
     * ({@code durable}: a queue shard or a durable subscription), the persistent ones. In a
     * non-durable subscription's queue the rows are spilled bodies only, gone at restart.
     */
    static List<JournalRecord> stored(QueueAddress queue, boolean durable, long firstSequence,
                                      List<MessageRecord> batch, int resident) {
        if (queue == null) {
            return List.of();
        }
        List<JournalRecord> records = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            MessageRecord m = batch.get(i);
            if (i >= resident || durable && m.persistent()) {
                records.add(JournalRecord.Stored.enqueued(queue, firstSequence + i, m, durable && m.persistent()));
            }
        }
        return records;
    }

    /**
     * The records of a change of rows that a restart reads, followed by the new version of those
     * rows ({@code nextVersion} is asked only when there is a change); as they are when empty.
     */
    static List<JournalRecord> withVersion(List<JournalRecord> records, QueueAddress address,
                                           java.util.function.LongSupplier nextVersion) {
        if (records.isEmpty() || address == null) {
            return records;
        }
        List<JournalRecord> all = new ArrayList<>(records.size() + 1);
        all.addAll(records);
        all.add(new JournalRecord.QueueVersion(address, nextVersion.getAsLong()));
        return all;
    }

    /** Messages put back from a journal, written again by whoever holds them now. */
    static List<JournalRecord> recovered(QueueAddress queue, List<StoredMessage> messages) {
        if (queue == null) {
            return List.of();
        }
        List<JournalRecord> records = new ArrayList<>(messages.size());
        for (StoredMessage m : messages) {
            records.add(new JournalRecord.Stored(queue, m.sequence(), m.failedDeliveries(), m.message()));
        }
        return records;
    }

    /**
     * Rows a member that just became a holder of the shard writes into its journal: those among
     * {@code rows} that the shard still needs (see {@link ShardState#stillNeedsRow}).
     */
    static List<JournalRecord> adopted(QueueAddress queue, ShardState state, List<StoredMessage> rows) {
        if (queue == null) {
            return List.of();
        }
        List<JournalRecord> records = new ArrayList<>(rows.size());
        for (StoredMessage m : rows) {
            if (state.stillNeedsRow(m)) {
                // As durable as the row it copies: a spilled body stays one.
                records.add(new JournalRecord.Stored(queue, m.sequence(), m.failedDeliveries(), m.message(),
                        !m.spilled()));
            }
        }
        return records;
    }

    /** Messages gone (acknowledged, expired); {@code persistent} were found persistent before the change. */
    static List<JournalRecord> removed(QueueAddress queue, long[] persistent) {
        if (queue == null || persistent.length == 0) {
            return List.of();
        }
        List<JournalRecord> records = new ArrayList<>(persistent.length);
        for (long sequence : persistent) {
            records.add(new JournalRecord.Removed(queue, sequence));
        }
        return records;
    }

    /** Messages back on the queue after a failed delivery, with their new count. */
    static List<JournalRecord> redelivered(QueueAddress queue, ShardState state, long[] persistent) {
        if (queue == null || persistent.length == 0) {
            return List.of();
        }
        List<JournalRecord> records = new ArrayList<>(persistent.length);
        for (long sequence : persistent) {
            StoredMessage m = state.readyMessage(sequence);
            if (m != null) {
                records.add(new JournalRecord.Redelivered(queue, sequence, m.failedDeliveries()));
            }
        }
        return records;
    }

    /** Persistent messages among sequences, checked before a change removes them. */
    static long[] persistent(QueueAddress queue, ShardState state, long[]... sequenceLists) {
        return queue == null ? new long[0] : state.persistentAmong(concat(sequenceLists));
    }

    /** The lists one after the other. */
    static long[] concat(long[]... sequenceLists) {
        if (sequenceLists.length == 1) {
            return sequenceLists[0];
        }
        int total = 0;
        for (long[] list : sequenceLists) {
            total += list.length;
        }
        long[] all = new long[total];
        int at = 0;
        for (long[] list : sequenceLists) {
            System.arraycopy(list, 0, all, at, list.length);
            at += list.length;
        }
        return all;
    }

    /** Rows of a queue in the member's journal: where, and at which sequences. */
    record Rows(QueueAddress queue, long[] sequences) {

        static final Rows NONE = new Rows(null, new long[0]);

        /** The records that delete them. */
        List<JournalRecord> removed() {
            return ShardJournal.removed(queue, sequences);
        }
    }
}
