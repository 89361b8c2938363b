package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.HzDataFactory;
import io.cairnmq.engine.hz.ShardReply;
import io.cairnmq.engine.topic.TopicState;

import java.io.IOException;

/**
 * Deletes a durable subscription with its messages; refused while it has a consumer or holds
 * messages delivered and not yet acknowledged.
 */
public final class Unsubscribe extends TopicOperation {

    private String id;
    private boolean removed;

    public Unsubscribe() {
        // for deserialization
    }

    public Unsubscribe(String subscriptionId) {
        super(true);
        this.id = subscriptionId;
    }

    @Override
    protected ShardReply decideAndApplyOnTopic(TopicState topic) {
        String refusal = topic.decideUnsubscribe(id);
        removed = refusal == null;
        if (removed) {
            topic.applyUnsubscribe(id);
        }
        return ShardReply.topicChange(refusal, removed);
    }

    @Override
    protected void replayOnTopic(TopicState topic) {
        topic.applyUnsubscribe(id);
    }

    @Override
    protected ShardOperation backupCopy() {
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
