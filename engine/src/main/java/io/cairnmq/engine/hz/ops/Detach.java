package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.HzDataFactory;
import io.cairnmq.engine.hz.ShardReply;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.Wake;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.topic.TopicState;

import java.io.IOException;
import java.util.List;

/**
 * Detaches a closed consumer from its subscription, putting back what was still on its way to
 * it; a non-durable subscription goes, with its messages, when its last consumer leaves.
 */
public final class Detach extends TopicOperation {

    private String id;
    private Holder consumer;
    private TopicState.Detachment decision;

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
        decision = topic.decideDetach(id, consumer);
        List<JournalRecord> dropped = decision.drop() ? droppedSpill(topic, id) : List.of();
        List<Wake> woken = topic.applyDetach(id, consumer, decision);
        journal(dropped);
        return ShardReply.fannedOut(List.of(), woken, topic.readyCount(), topic.leasedCount())
                .withOutcome(null, decision.drop());
    }

    @Override
    protected void replayOnTopic(TopicState topic) {
        List<JournalRecord> dropped = decision.drop() ? droppedSpill(topic, id) : List.of();
        topic.applyDetach(id, consumer, decision);
        journal(dropped);
    }

    @Override
    protected ShardOperation backupCopy() {
        Detach copy = new Detach(id, consumer);
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
        if (backup) {
            ShardCodec.writeRelease(out, decision.release());
            out.writeBoolean(decision.drop());
        }
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        id = in.readString();
        consumer = ShardCodec.readHolder(in);
        if (backup) {
            decision = new TopicState.Detachment(ShardCodec.readRelease(in), in.readBoolean());
        }
    }
}
