package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.MessageRecord;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The messages of a shard that are only on disk (in the journals of the members that hold the
 * shard), kept as counts, not as objects, so that a backlog far larger than the heap costs
 * almost nothing here. Per priority, the zone is every spilled message with a sequence above
 * that priority's cursor; page-ins read them back in sequence order and move the cursor. A
 * message paged in ahead of the cursor (a selector found it) is remembered until the cursor
 * passes it. Not thread-safe, like its shard.
 */
final class SpillZone {

    private static final int PRIORITIES = MessageRecord.MAX_PRIORITY + 1;

    final long[] cursor = new long[PRIORITIES];
    final int[] count = new int[PRIORITIES];
    long bytes;
    /** Sequences above their cursor that were paged in out of order. */
    final Set<Long> early = new HashSet<>();

    boolean isEmpty() {
        return total() == 0;
    }

    int total() {
        int total = 0;
        for (int c : count) {
            total += c;
        }
        return total;
    }

    /** Forgets everything (what it counted came from stale journals). */
    void clear() {
        Arrays.fill(cursor, 0);
        Arrays.fill(count, 0);
        bytes = 0;
        early.clear();
    }

    /** Starts spilling: every message in memory now has a sequence up to {@code floor}. */
    void open(long floor) {
        Arrays.fill(cursor, floor);
        early.clear();
    }

    void add(MessageRecord message) {
        count[message.priority()]++;
        bytes += message.estimatedSize();
    }

    /**
     * Takes a message read back from disk out of the zone, next in cursor order or ahead of it.
     *
     * @return false when it was not in the zone any more (a page-in that raced another)
     */
    boolean take(StoredMessage m, BacklogPosition position) {
        int p = m.message().priority();
        long sequence = m.sequence();
        if (sequence <= cursor[p] || count[p] == 0) {
            return false;
        }
        if (position == BacklogPosition.NEXT) {
            cursor[p] = sequence;
            if (early.remove(sequence)) {
                return false;
            }
        } else if (!early.add(sequence)) {
            return false;
        }
        count[p]--;
        bytes -= m.message().estimatedSize();
        if (isEmpty()) {
            early.clear();
        }
        return true;
    }
}
