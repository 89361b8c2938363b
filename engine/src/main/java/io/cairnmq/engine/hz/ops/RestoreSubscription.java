package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.HzDataFactory;
import io.cairnmq.engine.hz.ShardReply;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.topic.SubscriptionDefinition;
import io.cairnmq.engine.topic.TopicCodec;
import io.cairnmq.engine.topic.TopicState;

import java.io.IOException;
import java.util.List;

/**
 * Puts a durable subscription read from a member's journal back on its topic, with no consumer,
 * unless it exists already; its holders journal it as they journal a new one.
 */
public final class RestoreSubscription extends TopicOperation {

    private String id;
    private SubscriptionDefinition definition;

    public RestoreSubscription() {
        // for deserialization
    }

    public RestoreSubscription(String subscriptionId, SubscriptionDefinition definition) {
        super(true);
        this.id = subscriptionId;
        this.definition = definition;
    }

    @Override
    protected ShardReply decideAndApplyOnTopic(TopicState topic) {
        return journaled(ShardReply.topicChange(null, false), apply(topic));
    }

    @Override
    protected void replayOnTopic(TopicState topic) {
        apply(topic);
    }

    private long apply(TopicState topic) {
        topic.applyRestore(id, definition);
        return journal(List.of(new JournalRecord.SubscriptionCreated(journaledQueue(id), definition)));
    }

    @Override
    protected boolean marksLive() {
        return false;
    }

    @Override
    protected ShardOperation backupCopy() {
        return new RestoreSubscription(id, definition);
    }

    @Override
    public int getClassId() {
        return HzDataFactory.RESTORE_SUBSCRIPTION;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeString(id);
        TopicCodec.writeDefinition(out, definition);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        id = in.readString();
        definition = TopicCodec.readDefinition(in);
    }
}
