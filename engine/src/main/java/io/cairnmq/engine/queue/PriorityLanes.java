package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.MessageRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Ready messages in delivery order: higher priority first, then by sequence. A message put
 * back keeps its sequence and so returns to its original place.
 */
final class PriorityLanes {

    private final List<TreeMap<Long, StoredMessage>> lanes = new ArrayList<>();
    private int size;
    /**
     * No message here expires before this (epoch millis); 0 when none was added with an
     * expiration since it was last found: a look for expired messages can skip the lanes.
     */
    private long earliestExpiration;

    PriorityLanes() {
        for (int p = MessageRecord.MIN_PRIORITY; p <= MessageRecord.MAX_PRIORITY; p++) {
            lanes.add(new TreeMap<>());
        }
    }

    void add(StoredMessage m) {
        if (lanes.get(m.message().priority()).put(m.sequence(), m) == null) {
            size++;
        }
        long expiration = m.message().expiration();
        if (expiration > 0 && (earliestExpiration == 0 || expiration < earliestExpiration)) {
            earliestExpiration = expiration;
        }
    }

    void clear() {
        lanes.forEach(TreeMap::clear);
        size = 0;
        earliestExpiration = 0;
    }

    /** Whether a message here may have expired by then. */
    boolean mayHaveExpired(long nowMillis) {
        return earliestExpiration != 0 && earliestExpiration <= nowMillis;
    }

    /** A look over every message found this the earliest expiration left (0 for none). */
    void earliestExpirationIs(long expiration) {
        earliestExpiration = expiration;
    }

    StoredMessage remove(long sequence, int priority) {
        StoredMessage removed = lanes.get(priority).remove(sequence);
        if (removed != null) {
            size--;
        }
        return removed;
    }

    /** Removes a message whose priority is not known; slower, for replays only. */
    StoredMessage remove(long sequence) {
        for (int p = MessageRecord.MAX_PRIORITY; p >= MessageRecord.MIN_PRIORITY; p--) {
            StoredMessage removed = remove(sequence, p);
            if (removed != null) {
                return removed;
            }
        }
        return null;
    }

    StoredMessage get(long sequence) {
        for (TreeMap<Long, StoredMessage> lane : lanes) {
            StoredMessage m = lane.get(sequence);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    int size() {
        return size;
    }

    /** Visits messages in delivery order until the visitor returns false. */
    void visitInOrder(Visitor visitor) {
        for (int p = MessageRecord.MAX_PRIORITY; p >= MessageRecord.MIN_PRIORITY; p--) {
            for (Map.Entry<Long, StoredMessage> e : lanes.get(p).entrySet()) {
                if (!visitor.visit(e.getValue())) {
                    return;
                }
            }
        }
    }

    /**
     * Visits, in delivery order, the messages that come after the one at ({@code priority},
     * {@code sequence}), which need not be here any more, until the visitor returns false.
     */
    void visitAfter(int priority, long sequence, Visitor visitor) {
        for (Map.Entry<Long, StoredMessage> e : lanes.get(priority).tailMap(sequence, false).entrySet()) {
            if (!visitor.visit(e.getValue())) {
                return;
            }
        }
        for (int p = priority - 1; p >= MessageRecord.MIN_PRIORITY; p--) {
            for (Map.Entry<Long, StoredMessage> e : lanes.get(p).entrySet()) {
                if (!visitor.visit(e.getValue())) {
                    return;
                }
            }
        }
    }

    void forEach(Consumer<StoredMessage> action) {
        visitInOrder(m -> {
            action.accept(m);
            return true;
        });
    }

    @FunctionalInterface
    interface Visitor {
        boolean visit(StoredMessage m);
    }
}
