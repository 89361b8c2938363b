package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.RestoreReply;
import io.cairnmq.engine.hz.member.RestoreReply.Outcome;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import io.cairnmq.engine.topic.SubscriptionDefinition;
import io.cairnmq.engine.topic.TopicCodec;
import io.cairnmq.engine.topic.TopicState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a durable subscription read from a member's journal back on its topic, with no consumer,
 * unless it exists already; its holders journal it as they journal a new one. With no
 * subscription, it only says at which version the journal had the topic's subscriptions (it had
 * none left).
 *
 * <p>As with a queue's messages, the version tells a stale journal: while no client has changed
 * the topic, one older than a journal read before is skipped, and a newer one replaces the
 * subscriptions older ones had put back (a subscription deleted while a member was dead does
 * not come back with that member's journal).
 */
public final class RestoreSubscription extends TopicOperation<RestoreReply> {

    private String id;
    private SubscriptionDefinition definition;
    private long version;
    private Outcome outcome;

    public RestoreSubscription() {
        // for deserialization
    }

    /**
     * @param subscriptionId null to record the version alone
     * @param version        the version of the topic's subscriptions in the journal read
     */
    public RestoreSubscription(String subscriptionId, SubscriptionDefinition definition, long version) {
        this.id = subscriptionId;
        this.definition = definition;
        this.version = version;
    }

    @Override
    protected RestoreReply decideAndApplyOnTopic(TopicState topic) {
        int order = topic.compareRecoveredSubscriptions(version);
        outcome = topic.isLive() || order == 0 ? Outcome.ADD : order < 0 ? Outcome.SKIP_STALE : Outcome.REPLACE;
        if (outcome == Outcome.SKIP_STALE) {
            return new RestoreReply(outcome);
        }
        return journaled(new RestoreReply(outcome), apply(topic));
    }

    @Override
    protected void replayOnTopic(TopicState topic) {
        apply(topic);
    }

    private long apply(TopicState topic) {
        List<JournalRecord> records = new ArrayList<>();
        if (outcome == Outcome.REPLACE) {
            for (String dropped : topic.applyNewerSubscriptions(version)) {
                QueueAddress queue = QueueAddress.of(currentKey().destination(), currentKey().index(), dropped);
                records.add(new JournalRecord.SubscriptionDropped(queue));
            }
        }
        topic.applyRecoveredSubscriptions(version);
        if (id != null) {
            topic.applyRestore(id, definition);
            records.add(new JournalRecord.SubscriptionCreated(journaledQueue(id), definition));
        }
        QueueAddress subscriptions = subscriptionsAddress();
        if (subscriptions != null) {
            records.add(new JournalRecord.QueueVersion(subscriptions, topic.subscriptionsVersion()));
        }
        return journal(records);
    }

    @Override
    protected boolean marksLive() {
        return false;
    }

    @Override
    protected ShardOperation<RestoreReply> backupCopy() {
        if (outcome == Outcome.SKIP_STALE) {
            return null;
        }
        RestoreSubscription copy = new RestoreSubscription(id, definition, version);
        copy.outcome = outcome;
        return copy;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.RESTORE_SUBSCRIPTION;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        LongStrings.writeNullable(out, id);
        out.writeBoolean(definition != null);
        if (definition != null) {
            TopicCodec.writeDefinition(out, definition);
        }
        out.writeLong(version);
        out.writeByte(outcome == null ? -1 : outcome.ordinal());
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        id = LongStrings.readNullable(in);
        definition = in.readBoolean() ? TopicCodec.readDefinition(in) : null;
        version = in.readLong();
        byte o = in.readByte();
        outcome = o < 0 ? null : Outcome.values()[o];
    }
}
