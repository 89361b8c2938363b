package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.MessageRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * A last-value queue's index: for each value of its key property (compared as text, as Artemis
 * does), the sequence of the newest message with it that is still waiting. A new message
 * replaces a waiting one with the same value; one already delivered is not replaced.
 */
final class LastValues {

    /** The key property; null while the queue is not a last-value queue. */
    String property;
    final Map<String, Long> newest = new HashMap<>();

    /**
     * The sequences a batch replaces, its messages numbered from {@code firstSequence}: for
     * each value, the waiting message that had it and every earlier message of the batch with it.
     * Only the batch's first {@code resident} messages, those kept in memory, take part.
     */
    long[] replacedBy(String keyProperty, List<MessageRecord> batch, long firstSequence, int resident,
                      LongPredicate waiting) {
        Map<String, Long> seen = new HashMap<>();
        LongList replaced = new LongList();
        for (int i = 0; i < resident; i++) {
            String value = valueOf(batch.get(i), keyProperty);
            if (value == null) {
                continue;
            }
            Long before = seen.containsKey(value) ? seen.get(value) : newestWaiting(keyProperty, value, waiting);
            if (before != null) {
                replaced.add(before);
            }
            seen.put(value, firstSequence + i);
        }
        return replaced.toArray();
    }

    private Long newestWaiting(String keyProperty, String value, LongPredicate waiting) {
        if (!keyProperty.equals(property)) {
            return null;
        }
        Long sequence = newest.get(value);
        return sequence != null && waiting.test(sequence) ? sequence : null;
    }

    /**
     * Makes sure the index is of this key property: when it was of none (the queue was recovered
     * from a journal, or copied) or of another, it is built again from the waiting messages.
     */
    void indexBy(String keyProperty, PriorityLanes waiting) {
        if (keyProperty.equals(property)) {
            return;
        }
        property = keyProperty;
        newest.clear();
        waiting.forEach(this::waiting);
    }

    /** A message is waiting (stored, recovered, read back from disk, put back): the newest of its value if it is. */
    void waiting(StoredMessage m) {
        if (property != null) {
            String value = valueOf(m.message(), property);
            if (value != null) {
                newest.merge(value, m.sequence(), Math::max);
            }
        }
    }

    /** A batch was stored under this key property: the newest message of each value is its last one. */
    void stored(String keyProperty, List<MessageRecord> batch, long firstSequence, int resident) {
        for (int i = 0; i < resident; i++) {
            String value = valueOf(batch.get(i), keyProperty);
            if (value != null) {
                newest.put(value, firstSequence + i);
            }
        }
    }

    /** A message stopped waiting (leased, expired, replaced): it is no longer its value's newest. */
    void left(StoredMessage m) {
        if (property != null && m != null) {
            String value = valueOf(m.message(), property);
            if (value != null) {
                newest.remove(value, m.sequence());
            }
        }
    }

    static String valueOf(MessageRecord message, String keyProperty) {
        Object value = message.properties().get(keyProperty);
        return value == null ? null : value.toString();
    }
}
