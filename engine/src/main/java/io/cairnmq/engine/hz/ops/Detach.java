package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.HzDataFactory;
import io.cairnmq.engine.hz.ShardReply;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.topic.TopicState;

import java.io.IOException;

/**
 * Detaches a closed consumer from its subscription; a non-durable subscription goes, with its
 * messages, when its last consumer leaves.
 */
public final class Detach extends TopicOperation {

    private String id;
    private Holder consumer;
    private boolean drop;

    public Detach() {
        // for deserialization
    }

    public Detach(String subscriptionId, Holder consumer) {
        super(true);
        this.id = subscriptionId;
        this.consumer = consumer;
    }

    @Override
    protected ShardReply decideAndApplyOnTopic(TopicState topic) {
        drop = topic.decideDetach(id, consumer);
        topic.applyDetach(id, consumer, drop);
        return ShardReply.topicChange(null, drop);
    }

    @Override
    protected void replayOnTopic(TopicState topic) {
        topic.applyDetach(id, consumer, drop);
    }

    @Override
    protected ShardOperation backupCopy() {
        Detach copy = new Detach(id, consumer);
        copy.drop = drop;
        return copy;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.DETACH;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeString(id);
        ShardCodec.writeHolder(out, consumer);
        out.writeBoolean(drop);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        id = in.readString();
        consumer = ShardCodec.readHolder(in);
        drop = in.readBoolean();
    }
}
