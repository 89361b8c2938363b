package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.ChangeReply;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.queue.Wake;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import io.cairnmq.engine.topic.GoneRelease;
import io.cairnmq.engine.topic.TopicCodec;
import io.cairnmq.engine.topic.TopicState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * On a topic, what {@link ReleaseGoneHolders} does on a queue shard: releases what consumers of
 * a departed member or a closed connection held in every subscription, detaches them, and drops
 * the non-durable subscriptions they leave without a consumer.
 */
public final class ReleaseGoneSubscribers extends TopicOperation<ChangeReply> {

    private ReleaseGoneHolders.Scope scope;
    private String id;
    private GoneRelease decision;

    public ReleaseGoneSubscribers() {
        // for deserialization
    }

    ReleaseGoneSubscribers(ReleaseGoneHolders.Scope scope, String id) {
        this.scope = scope;
        this.id = id;
    }

    @Override
    protected ChangeReply decideAndApplyOnTopic(TopicState topic) {
        decision = topic.decideReleaseGone(ReleaseGoneHolders.gone(scope, id), holdsAfterFailure());
        List<JournalRecord> records = new ArrayList<>();
        List<Wake> woken = apply(topic, records);
        ChangeReply reply = new ChangeReply();
        reply.wakeAsStamped(woken);
        return journaled(reply, journal(records));
    }

    @Override
    protected void replayOnTopic(TopicState topic) {
        List<JournalRecord> records = new ArrayList<>();
        apply(topic, records);
        journal(records);
    }

    /** Applies the release; collects the new delivery counts of persistent messages in durable subscriptions. */
    private List<Wake> apply(TopicState topic, List<JournalRecord> records) {
        List<long[]> persistent = new ArrayList<>();
        for (GoneRelease.Part part : decision.parts()) {
            if (part.drop()) {
                records.addAll(droppedSpill(topic, part.subscription()));
            }
            ShardState queue = topic.queueOf(part.subscription());
            QueueAddress address = journaledQueue(part.subscription());
            persistent.add(queue == null || !part.release().countsDelivery() ? new long[0]
                    : ShardJournal.persistent(address, queue, part.release().released()));
        }
        List<Wake> woken = topic.applyReleaseGone(decision);
        for (int i = 0; i < decision.parts().size(); i++) {
            GoneRelease.Part part = decision.parts().get(i);
            ShardState queue = topic.queueOf(part.subscription());
            if (queue != null) {
                records.addAll(ShardJournal.redelivered(journaledQueue(part.subscription()), queue, persistent.get(i)));
            }
        }
        return woken;
    }

    @Override
    protected ShardOperation<ChangeReply> backupCopy() {
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
