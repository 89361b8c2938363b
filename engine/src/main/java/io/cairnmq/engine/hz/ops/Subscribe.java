package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.TopicReply;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import io.cairnmq.engine.topic.SubscribeOutcome;
import io.cairnmq.engine.topic.SubscriptionDefinition;
import io.cairnmq.engine.topic.TopicCodec;
import io.cairnmq.engine.topic.TopicState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Attaches a consumer to a subscription of a topic, creating it (or replacing an idle one
 * defined otherwise) as needed; refused when an unshared subscription already has its
 * consumer, or when one defined otherwise is in use.
 */
public final class Subscribe extends TopicOperation<TopicReply> {

    private String id;
    private SubscriptionDefinition definition;
    private Holder consumer;
    private SubscribeOutcome outcome;

    public Subscribe() {
        // for deserialization
    }

    public Subscribe(String subscriptionId, SubscriptionDefinition definition, Holder consumer) {
        this.id = subscriptionId;
        this.definition = definition;
        this.consumer = consumer;
    }

    @Override
    protected TopicReply decideAndApplyOnTopic(TopicState topic) {
        outcome = topic.decideSubscribe(id, definition, consumer);
        long ticket = apply(topic);
        return journaled(switch (outcome) {
            case IN_USE -> TopicReply.refused("it already has an active consumer and is not shared");
            case CONFLICT -> TopicReply.refused(
                    "it is in use with another selector, noLocal setting or kind of subscription");
            default -> TopicReply.done(false);
        }, ticket);
    }

    @Override
    protected void replayOnTopic(TopicState topic) {
        apply(topic);
    }

    /** Applies the outcome; a durable subscription created (or replacing another) is journaled. */
    private long apply(TopicState topic) {
        QueueAddress before = journaledQueue(id);
        topic.applySubscribe(id, definition, consumer, outcome);
        QueueAddress after = journaledQueue(id);
        List<JournalRecord> records = new ArrayList<>();
        if (outcome == SubscribeOutcome.REPLACE && before != null) {
            records.add(new JournalRecord.SubscriptionDropped(before));
        }
        if ((outcome == SubscribeOutcome.CREATE || outcome == SubscribeOutcome.REPLACE) && after != null) {
            records.add(new JournalRecord.SubscriptionCreated(after, definition));
        }
        return journal(subscriptionsChanged(topic, records));
    }

    @Override
    protected ShardOperation<TopicReply> backupCopy() {
        if (outcome == null || outcome.refused()) {
            return null;
        }
        Subscribe copy = new Subscribe(id, definition, consumer);
        copy.outcome = outcome;
        return copy;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.SUBSCRIBE;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeString(id);
        TopicCodec.writeDefinition(out, definition);
        ShardCodec.writeHolder(out, consumer);
        if (backup) {
            out.writeByte(outcome.ordinal());
        }
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        id = in.readString();
        definition = TopicCodec.readDefinition(in);
        consumer = ShardCodec.readHolder(in);
        if (backup) {
            outcome = SubscribeOutcome.values()[in.readByte()];
        }
    }
}
