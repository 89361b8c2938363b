package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.TopicReply;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.Wake;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.topic.LeasesOnDetach;
import io.cairnmq.engine.topic.TopicState;

import java.io.IOException;
import java.util.List;

/**
 * Detaches a consumer from its subscription: a closed one, putting back what was still on its
 * way to it, or one that only stops counting as a consumer while the messages it delivered stay
 * leased to it (a JMS consumer closed inside a transaction). A non-durable subscription goes,
 * with its messages, when its last consumer leaves.
 */
public final class Detach extends TopicOperation<TopicReply> {

    private String id;
    private Holder consumer;
    private LeasesOnDetach leases;
    private TopicState.Detachment decision;

    public Detach() {
        // for deserialization
    }

    /** @param leases what becomes of the messages the consumer holds */
    public Detach(String subscriptionId, Holder consumer, LeasesOnDetach leases) {
        this.id = subscriptionId;
        this.consumer = consumer;
        this.leases = leases;
    }

    @Override
    protected TopicReply decideAndApplyOnTopic(TopicState topic) {
        decision = topic.decideDetach(id, consumer, leases);
        List<JournalRecord> dropped = decision.drop() ? droppedSpill(topic, id) : List.of();
        List<Wake> woken = topic.applyDetach(id, consumer, decision);
        journal(dropped);
        TopicReply reply = TopicReply.done(decision.drop());
        reply.wakeAsStamped(woken);
        return reply;
    }

    @Override
    protected void replayOnTopic(TopicState topic) {
        List<JournalRecord> dropped = decision.drop() ? droppedSpill(topic, id) : List.of();
        topic.applyDetach(id, consumer, decision);
        journal(dropped);
    }

    @Override
    protected ShardOperation<TopicReply> backupCopy() {
        Detach copy = new Detach(id, consumer, leases);
        copy.decision = decision;
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
        out.writeByte(leases.ordinal());
        if (backup) {
            ShardCodec.writeRelease(out, decision.release());
            out.writeBoolean(decision.drop());
        }
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        id = in.readString();
        consumer = ShardCodec.readHolder(in);
        leases = LeasesOnDetach.values()[in.readByte()];
        if (backup) {
            decision = new TopicState.Detachment(ShardCodec.readRelease(in), in.readBoolean());
        }
    }
}
