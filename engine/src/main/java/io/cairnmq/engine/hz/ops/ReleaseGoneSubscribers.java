package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.HzDataFactory;
import io.cairnmq.engine.hz.ShardReply;
import io.cairnmq.engine.topic.GoneRelease;
import io.cairnmq.engine.topic.TopicCodec;
import io.cairnmq.engine.topic.TopicState;

import java.io.IOException;
import java.util.List;

/**
 * On a topic, what {@link ReleaseGoneHolders} does on a queue shard: releases what consumers of
 * a departed member or a closed connection held in every subscription, detaches them, and drops
 * the non-durable subscriptions they leave without a consumer.
 */
public final class ReleaseGoneSubscribers extends TopicOperation {

    private ReleaseGoneHolders.Scope scope;
    private String id;
    private GoneRelease decision;

    public ReleaseGoneSubscribers() {
        // for deserialization
    }

    ReleaseGoneSubscribers(ReleaseGoneHolders.Scope scope, String id) {
        super(true);
        this.scope = scope;
        this.id = id;
    }

    @Override
    protected ShardReply decideAndApplyOnTopic(TopicState topic) {
        decision = topic.decideReleaseGone(ReleaseGoneHolders.gone(scope, id));
        return ShardReply.fannedOut(List.of(), topic.applyReleaseGone(decision), topic.readyCount(),
                topic.leasedCount());
    }

    @Override
    protected void replayOnTopic(TopicState topic) {
        topic.applyReleaseGone(decision);
    }

    @Override
    protected ShardOperation backupCopy() {
        if (decision == null || decision.parts().isEmpty()) {
            return null;
        }
        ReleaseGoneSubscribers copy = new ReleaseGoneSubscribers(scope, id);
        copy.decision = decision;
        return copy;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.RELEASE_GONE_SUBSCRIBERS;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeByte(scope.ordinal());
        out.writeString(id);
        if (backup) {
            TopicCodec.writeGoneRelease(out, decision);
        }
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        scope = ReleaseGoneHolders.Scope.values()[in.readByte()];
        id = in.readString();
        if (backup) {
            decision = TopicCodec.readGoneRelease(in);
        }
    }
}
