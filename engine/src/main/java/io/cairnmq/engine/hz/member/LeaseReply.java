package io.cairnmq.engine.hz.member;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.StoredMessage;

import java.io.IOException;
import java.util.List;

/**
 * A lease's reply: the messages leased, whether the shard had nothing more ready so that the
 * requester is now a waiter there, when the earliest delayed message falls due, and the
 * messages leased to the requester's mover to be moved: out of delivery attempts, or expired.
 */
public final class LeaseReply extends ShardReply {

    private List<StoredMessage> messages = List.of();
    private boolean waiting;
    private long nextDue;
    private List<StoredMessage> outOfAttempts = List.of();
    private List<StoredMessage> expired = List.of();

    public LeaseReply() {
        // for deserialization
    }

    /**
     * @param waiting whether the requester is now a waiter on the shard
     * @param nextDue when the earliest delayed message becomes due (epoch millis), 0 for none
     */
    public LeaseReply(List<StoredMessage> messages, boolean waiting, long nextDue) {
        this.messages = messages;
        this.waiting = waiting;
        this.nextDue = nextDue;
    }

    public List<StoredMessage> messages() {
        return messages;
    }

    /** The shard had nothing more ready, so the requester is now a waiter there. */
    public boolean waiting() {
        return waiting;
    }

    /** When the earliest delayed message becomes due (epoch millis), 0 for none. */
    public long nextDue() {
        return nextDue;
    }

    /** Messages leased to the requester's mover: out of delivery attempts, and expired. */
    public void toMove(List<StoredMessage> outOfAttemptsMessages, List<StoredMessage> expiredMessages) {
        this.outOfAttempts = outOfAttemptsMessages;
        this.expired = expiredMessages;
    }

    /** Messages leased to the requester's mover because they had every delivery their destination allows. */
    public List<StoredMessage> outOfAttempts() {
        return outOfAttempts;
    }

    /** Messages leased to the requester's mover because they expired and their destination has an expiry queue. */
    public List<StoredMessage> expired() {
        return expired;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.LEASE_REPLY;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        ShardCodec.writeStoredList(out, messages);
        out.writeBoolean(waiting);
        out.writeLong(nextDue);
        ShardCodec.writeStoredList(out, outOfAttempts);
        ShardCodec.writeStoredList(out, expired);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        messages = ShardCodec.readStoredList(in);
        waiting = in.readBoolean();
        nextDue = in.readLong();
        outOfAttempts = ShardCodec.readStoredList(in);
        expired = ShardCodec.readStoredList(in);
    }
}
