package io.cairnmq.engine.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A shard's messages as its member's journal sees them: the backlog only on disk (its spill
 * zone), and which messages held in memory have a row there (persistent ones, and those whose
 * body was spilled). It only reads the shard, for the operations that write, copy or page in
 * journal rows. Not thread-safe, like its shard.
 */
final class DiskView {

    private final SpillZone zone;
    private final PriorityLanes ready;
    private final Map<Long, LeasedMessage> leased;

    DiskView(SpillZone zone, PriorityLanes ready, Map<Long, LeasedMessage> leased) {
        this.zone = zone;
        this.ready = ready;
        this.leased = leased;
    }

    /** Whether messages wait on disk. */
    boolean hasSpilled() {
        return !zone.isEmpty();
    }

    /** Where the disk backlog of one priority starts (sequences above it), and how many it holds. */
    long spillCursor(int priority) {
        return zone.cursor[priority];
    }

    int spilledCount(int priority) {
        return zone.count[priority];
    }

    /** Whether this sequence was paged in ahead of its cursor. */
    boolean pagedInEarly(long sequence) {
        return zone.early.contains(sequence);
    }

    /** The sequences among these whose message is here (leased or ready) and has a journal row. */
    long[] persistentAmong(long[] sequences) {
        return heldAmong(sequences, StoredMessage::onDisk);
    }

    /** The sequences among these whose message is here (leased or ready) with a row only for its spilled body. */
    long[] spilledAmong(long[] sequences) {
        return heldAmong(sequences, StoredMessage::spilled);
    }

    /** Whether any of its messages has a row for a spilled body: on disk, or back from there. */
    boolean hasSpilledRows() {
        if (!zone.isEmpty()) {
            return true;
        }
        boolean[] found = {false};
        ready.visitInOrder(m -> !(found[0] = m.spilled()));
        return found[0] || leased.values().stream().anyMatch(l -> l.message().spilled());
    }

    /** Every persistent message held in memory, ready or leased: what a new holder of the shard journals. */
    List<StoredMessage> residentPersistent() {
        List<StoredMessage> result = new ArrayList<>();
        ready.forEach(m -> {
            if (m.message().persistent()) {
                result.add(m);
            }
        });
        for (LeasedMessage l : leased.values()) {
            if (l.message().message().persistent()) {
                result.add(l.message());
            }
        }
        return result;
    }

    /**
     * Whether a row read from another member's journal belongs in a new holder's journal: its
     * message is still only on disk, or it is persistent and still held in memory. A row of a
     * message that left meanwhile does not, or it would come back after a restart.
     */
    boolean stillNeedsRow(StoredMessage row) {
        long sequence = row.sequence();
        int p = row.message().priority();
        if (sequence > zone.cursor[p] && zone.count[p] > 0 && !zone.early.contains(sequence)) {
            return true;
        }
        return row.message().persistent() && (ready.get(sequence) != null || leased.containsKey(sequence));
    }

    /** The sequences among these whose message is here (leased or ready) and passes the test. */
    private long[] heldAmong(long[] sequences, Predicate<StoredMessage> test) {
        LongList result = new LongList();
        for (long sequence : sequences) {
            LeasedMessage l = leased.get(sequence);
            StoredMessage m = l != null ? l.message() : ready.get(sequence);
            if (m != null && test.test(m)) {
                result.add(sequence);
            }
        }
        return result.toArray();
    }
}
