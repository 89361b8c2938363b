package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.api.LimitPolicy;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.codec.MessageCodec;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.SendReply;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.topic.Origin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends a producer's batch to a shard, handing messages straight to consumers waiting on the
 * shard's owner; a batch number already seen is a retry and ignored. On a topic the batch fans
 * out into every subscription that accepts each message, in the same step.
 */
public final class EnqueueBatch extends ShardOperation<SendReply> {

    private String producerId;
    private long batchNumber;
    private List<MessageRecord> messages;
    /** Publishing connection and client ID, for noLocal subscriptions. */
    private Origin origin;
    /** The sending producer, told when there is room again if the destination blocks; may be null. */
    private Holder sender;
    /** The owner refused the batch and the sender now waits for room (what a backup records). */
    private boolean waitsForRoom;
    /** On a topic: the subscription whose queue the sender waits for room in. */
    private String roomSubscription;
    /** The owner's decision of where the messages go, for the replicas. */
    private EntrySends sends = new EntrySends();

    public EnqueueBatch() {
        // for deserialization
    }

    public EnqueueBatch(String producerId, long batchNumber, List<MessageRecord> messages, Origin origin) {
        this(producerId, batchNumber, messages, origin, null);
    }

    public EnqueueBatch(String producerId, long batchNumber, List<MessageRecord> messages, Origin origin,
                        Holder sender) {
        this.producerId = producerId;
        this.batchNumber = batchNumber;
        this.messages = messages;
        this.origin = origin;
        this.sender = sender;
    }

    @Override
    protected SendReply decideAndApplyOn(ShardEntry entry, int shardIndex) {
        EntrySends.Full full = EntrySends.fullness(this, entry, producerId, batchNumber, messages, origin);
        if (full != null) {
            return refuse(full.queue(), full.why(), full.subscription());
        }
        EntrySends.Sent sent = sends.decideAndApply(this, entry, producerId, batchNumber, messages, origin);
        long ticket = journal(sent.records());
        SendReply reply = journaled(sent.reply(), ticket);
        // A journal behind its disk slows its senders down rather than queueing without bound.
        return ticket == 0 ? reply : reply.writeBeforeMore(member().journal().isBehind());
    }

    @Override
    protected void replayOn(ShardEntry entry) {
        if (!sends.decided()) {
            ShardState queue = entry.queueOf(roomSubscription);
            if (queue != null) {
                queue.applyWaitForRoom(sender);
            }
            return;
        }
        journal(sends.replay(this, entry, producerId, batchNumber, messages));
    }

    /** Refuses the batch; with the block policy its sender waits to be told of room in {@code queue}. */
    private SendReply refuse(ShardState queue, String why, String subscriptionId) {
        waitsForRoom = sender != null && member().limitsOf(currentKey().destination()).policy() == LimitPolicy.BLOCK;
        if (waitsForRoom) {
            queue.applyWaitForRoom(sender);
            roomSubscription = subscriptionId;
        }
        return waitsForRoom ? SendReply.refusedUntilRoom(why) : SendReply.refused(why);
    }

    @Override
    protected ShardOperation<SendReply> backupCopy() {
        boolean changed = sends.decided() ? sends.changed() : waitsForRoom;
        if (!changed) {
            return null;
        }
        // A refused batch only registers its sender as waiting for room: its messages need not travel.
        boolean refused = !sends.decided();
        EnqueueBatch copy = new EnqueueBatch(producerId, batchNumber, refused ? List.of() : messages, origin, sender);
        copy.sends = sends.copy();
        copy.roomSubscription = roomSubscription;
        return copy;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.ENQUEUE_BATCH;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeString(producerId);
        out.writeLong(batchNumber);
        out.writeInt(messages.size());
        for (MessageRecord m : messages) {
            MessageCodec.write(out, m);
        }
        out.writeString(origin.connectionId());
        out.writeString(origin.clientId());
        out.writeBoolean(sender != null);
        if (sender != null) {
            ShardCodec.writeHolder(out, sender);
        }
        if (backup) {
            sends.write(out);
            if (!sends.decided()) {
                // Refused: the sender waits for room in this subscription's queue (null: the shard's).
                LongStrings.writeNullable(out, roomSubscription);
            }
        }
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        producerId = in.readString();
        batchNumber = in.readLong();
        int n = in.readInt();
        messages = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            messages.add(MessageCodec.read(in));
        }
        origin = new Origin(in.readString(), in.readString());
        sender = in.readBoolean() ? ShardCodec.readHolder(in) : null;
        if (backup) {
            sends.read(in);
            if (!sends.decided()) {
                roomSubscription = LongStrings.readNullable(in);
            }
        }
    }
}
