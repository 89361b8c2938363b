package io.cairnmq.engine.store;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the records of one group commit into the net change per message: a message enqueued and
 * removed in the same group is never written; one written again (at a restart or a partition
 * move) and removed in the same group is only deleted, since its earlier row may be there; a
 * redelivery of a message stored in the same group is folded into what is stored. A dropped subscription cancels
 * everything of it before the drop, so that what follows (a subscription of the same name created
 * again) comes after it; a released shard cancels everything of the shard before it in the same
 * way. A transaction prepared and done (or decided and forgotten) within the group is only
 * deleted, for the same reason.
 */
public final class JournalBatch {

    private JournalBatch() {
    }

    /** A message's row (transaction null), or the row of a transaction of the commit protocol. */
    private record Key(QueueAddress queue, long sequence, String transaction) {
    }

    public static Collection<JournalRecord> coalesce(List<JournalRecord> records) {
        Map<Key, JournalRecord> net = new LinkedHashMap<>();
        for (JournalRecord record : records) {
            Key key = new Key(record.queue(), record.sequence(), record.transaction());
            JournalRecord before = net.get(key);
            if (record.transaction() != null) {
                // Prepared and done, or decided and forgotten, within one group: only the end is written.
                net.put(key, record);
            } else if (record instanceof JournalRecord.QueueCleared) {
                net.keySet().removeIf(k -> k.queue().equals(record.queue()) && k.sequence() >= 0);
                net.put(key, record);
            } else if (record instanceof JournalRecord.QueueVersion) {
                net.put(key, record);
            } else if (record instanceof JournalRecord.ShardReleased released) {
                net.keySet().removeIf(k -> released.covers(k.queue()));
                net.put(key, record);
            } else if (record instanceof JournalRecord.SubscriptionDropped) {
                net.keySet().removeIf(k -> k.queue().equals(record.queue()));
                net.put(key, record);
            } else if (record instanceof JournalRecord.Stored || record instanceof JournalRecord.SubscriptionCreated) {
                net.put(key, record);
            } else if (record instanceof JournalRecord.Removed) {
                if (before instanceof JournalRecord.Stored s && s.firstWrite()) {
                    // Enqueued and gone within the group: no journal holds a row of it.
                    net.remove(key);
                } else {
                    net.put(key, record);
                }
            } else if (record instanceof JournalRecord.Redelivered r) {
                if (before instanceof JournalRecord.Stored s) {
                    net.put(key, new JournalRecord.Stored(s.queue(), s.sequence(), r.failedDeliveries(), s.message(),
                            s.durable(), s.firstWrite()));
                } else if (!(before instanceof JournalRecord.Removed)) {
                    net.put(key, r);
                }
            }
        }
        return net.values();
    }
}
