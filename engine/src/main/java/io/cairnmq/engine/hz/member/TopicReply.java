package io.cairnmq.engine.hz.member;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;

/**
 * The reply of a change of a topic's subscriptions (subscribe, detach, unsubscribe): refused and
 * why, or done, and whether the subscription went with it.
 */
public final class TopicReply extends ShardReply {

    private boolean dropped;

    public TopicReply() {
        // for deserialization
    }

    /** Done; {@code subscriptionDropped} when the subscription went (unsubscribed, or left by its last consumer). */
    public static TopicReply done(boolean subscriptionDropped) {
        TopicReply reply = new TopicReply();
        reply.dropped = subscriptionDropped;
        return reply;
    }

    /** Refused, and why: nothing changed. */
    public static TopicReply refused(String why) {
        return refusing(new TopicReply(), why);
    }

    /** Whether the subscription went: unsubscribed, or dropped with its last consumer. */
    public boolean dropped() {
        return dropped;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.TOPIC_REPLY;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeBoolean(dropped);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        dropped = in.readBoolean();
    }
}
