package io.cairnmq.engine.store;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the records of one group commit into the net change per message: a message stored and
 * removed in the same group is never written, and a redelivery of a message stored in the same
 * group is folded into what is stored. A dropped subscription cancels everything of it before
 * the drop, so that what follows (a subscription of the same name created again) comes after it;
 * a released shard cancels everything of the shard before it in the same way. A transaction
 * prepared and done (or decided and forgotten) within the group is not written at all.
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
                // Prepared and done, or decided and forgotten, within one group: neither is written.
                boolean ends = record instanceof JournalRecord.TransactionDone
                        || record instanceof JournalRecord.TransactionForgotten;
                if (ends && before != null && before.getClass() != record.getClass()) {
                    net.remove(key);
                } else {
                    net.put(key, record);
                }
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
                if (before instanceof JournalRecord.Stored) {
                    net.remove(key);
                } else {
                    net.put(key, record);
                }
            } else if (record instanceof JournalRecord.Redelivered r) {
                if (before instanceof JournalRecord.Stored s) {
                    net.put(key, new JournalRecord.Stored(s.queue(), s.sequence(), r.failedDeliveries(), s.message(),
                            s.durable()));
                } else if (!(before instanceof JournalRecord.Removed)) {
                    net.put(key, r);
                }
            }
        }
        return net.values();
    }
}
