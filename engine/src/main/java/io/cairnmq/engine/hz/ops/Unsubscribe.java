package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.TopicReply;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import io.cairnmq.engine.topic.TopicState;
import io.cairnmq.engine.topic.UnsubscribeOutcome;

import java.io.IOException;
import java.util.List;

/**
 * Deletes a durable subscription with its messages; refused while it has a consumer or holds
 * messages delivered and not yet acknowledged.
 */
public final class Unsubscribe extends TopicOperation<TopicReply> {

    private String id;
    private boolean removed;

    public Unsubscribe() {
        // for deserialization
    }

    public Unsubscribe(String subscriptionId) {
        this.id = subscriptionId;
    }

    @Override
    protected TopicReply decideAndApplyOnTopic(TopicState topic) {
        UnsubscribeOutcome outcome = topic.decideUnsubscribe(id);
        removed = outcome == UnsubscribeOutcome.REMOVE;
        if (outcome.refusal() != null) {
            return TopicReply.refused(outcome.refusal());
        }
        return journaled(TopicReply.done(removed), removed ? apply(topic) : 0);
    }

    @Override
    protected void replayOnTopic(TopicState topic) {
        apply(topic);
    }

    private long apply(TopicState topic) {
        QueueAddress queue = journaledQueue(id);
        topic.applyUnsubscribe(id);
        return queue == null ? 0
                : journal(subscriptionsChanged(topic, List.of(new JournalRecord.SubscriptionDropped(queue))));
    }

    @Override
    protected ShardOperation<TopicReply> backupCopy() {
        return removed ? new Unsubscribe(id) : null;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.UNSUBSCRIBE;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeString(id);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        id = in.readString();
    }
}
