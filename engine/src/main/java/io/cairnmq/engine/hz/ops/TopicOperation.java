package io.cairnmq.engine.hz.ops;

import io.cairnmq.engine.hz.member.ShardReply;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import io.cairnmq.engine.topic.TopicState;

import java.util.List;

/** Base of the operations that change a topic's subscriptions rather than one queue. */
abstract class TopicOperation<R extends ShardReply> extends ShardOperation<R> {

    TopicOperation() {
        // for deserialization
    }

    /** Owner: decide on the topic, apply, remember the decision, answer. */
    protected abstract R decideAndApplyOnTopic(TopicState topic);

    /** Backup: apply the owner's decision to the topic. */
    protected abstract void replayOnTopic(TopicState topic);

    @Override
    protected final R decideAndApplyOn(ShardEntry entry, int shardIndex) {
        return decideAndApplyOnTopic(topicOf(entry));
    }

    @Override
    protected final void replayOn(ShardEntry entry) {
        replayOnTopic(topicOf(entry));
    }

    /**
     * The record deleting the spilled bodies of a non-durable subscription about to be dropped;
     * none when it has none, or is durable (an unsubscribe deletes a durable one's rows).
     */
    protected final List<JournalRecord> droppedSpill(TopicState topic, String id) {
        ShardState queue = topic.queueOf(id);
        QueueAddress spill = spillQueue(id);
        if (queue == null || topic.isDurable(id) || spill == null || !queue.hasSpilledRows()) {
            return List.of();
        }
        return List.of(new JournalRecord.SubscriptionDropped(spill));
    }

    /** The journal address of the topic's set of durable subscriptions (the topic with no subscription). */
    protected final QueueAddress subscriptionsAddress() {
        return currentKey().isTemporary() ? null : QueueAddress.of(currentKey().destination(), currentKey().index(), null);
    }

    /** The records of a change of the durable subscriptions, followed by their new version. */
    protected final List<JournalRecord> subscriptionsChanged(TopicState topic, List<JournalRecord> records) {
        return ShardJournal.withVersion(records, subscriptionsAddress(), topic::nextSubscriptionsVersion);
    }

    private TopicState topicOf(ShardEntry entry) {
        if (entry instanceof TopicState topic) {
            return topic;
        }
        throw new IllegalStateException(getClass().getSimpleName() + " ran on a queue shard");
    }
}
