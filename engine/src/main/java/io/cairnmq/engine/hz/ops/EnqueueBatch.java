package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.api.DestinationLimits;
import io.cairnmq.engine.api.LimitPolicy;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.codec.MessageCodec;
import io.cairnmq.engine.hz.HzDataFactory;
import io.cairnmq.engine.hz.ShardReply;
import io.cairnmq.engine.queue.EnqueueDecision;
import io.cairnmq.engine.queue.HandedOff;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import io.cairnmq.engine.topic.FanOut;
import io.cairnmq.engine.topic.Origin;
import io.cairnmq.engine.topic.TopicCodec;
import io.cairnmq.engine.topic.TopicState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends a producer's batch to a shard, handing messages straight to consumers waiting on the
 * shard's owner; a batch number already seen is a retry and ignored. On a topic the batch fans
 * out into every subscription that accepts each message, in the same step.
 */
public final class EnqueueBatch extends ShardOperation {

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
    private EnqueueDecision decision;
    private FanOut fanOut;

    public EnqueueBatch() {
        // for deserialization
    }

    public EnqueueBatch(String producerId, long batchNumber, List<MessageRecord> messages, Origin origin) {
        this(producerId, batchNumber, messages, origin, null);
    }

    public EnqueueBatch(String producerId, long batchNumber, List<MessageRecord> messages, Origin origin,
                        Holder sender) {
        super(true);
        this.producerId = producerId;
        this.batchNumber = batchNumber;
        this.messages = messages;
        this.origin = origin;
        this.sender = sender;
    }

    @Override
    protected ShardReply decideAndApplyOn(ShardEntry entry, int shardIndex) {
        if (entry instanceof TopicState topic) {
            ShardReply refused = refuseIfFull(topic);
            if (refused != null) {
                return refused;
            }
            fanOut = topic.decideFanOut(producerId, batchNumber, messages, origin, memberId(),
                    System.currentTimeMillis(), subscriptionBudget(topic));
            TopicState.Published published = topic.applyFanOut(producerId, batchNumber, messages, fanOut);
            boolean spilled = fanOut.parts().stream().anyMatch(p -> p.enqueue().resident() < p.picked().length);
            return journaled(ShardReply.fannedOut(published.handedOff(), published.woken(), topic.readyCount(),
                    topic.leasedCount()).spilled(spilled), journalParts(topic));
        }
        return super.decideAndApplyOn(entry, shardIndex);
    }

    /**
     * How many more bytes each subscription's queue may keep in memory: they share the topic's
     * limit, past which their messages spill to the journal (a temporary topic's do not).
     */
    private java.util.function.ToLongFunction<String> subscriptionBudget(TopicState topic) {
        long topicBudget = member().memoryBudget(currentKey().destination(), topic.residentBytes());
        return id -> spillQueue(id) == null ? Long.MAX_VALUE : topicBudget;
    }

    @Override
    protected void replayOn(ShardEntry entry) {
        if (entry instanceof TopicState topic) {
            if (fanOut == null) {
                ShardState queue = topic.queueOf(roomSubscription);
                if (queue != null) {
                    queue.applyWaitForRoom(sender);
                }
                return;
            }
            topic.applyFanOut(producerId, batchNumber, messages, fanOut);
            journalParts(topic);
        } else {
            super.replayOn(entry);
        }
    }

    @Override
    protected ShardReply decideAndApply(ShardState state, int shardIndex) {
        String full = state.isApplied(producerId, batchNumber) ? null
                : fullness(state, messages, currentKey().toString());
        if (full != null) {
            return refuse(state, full, null);
        }
        decision = state.decideEnqueue(producerId, batchNumber, messages, memberId(), System.currentTimeMillis(),
                memoryBudget(state));
        List<HandedOff> handedOff = state.applyEnqueue(producerId, batchNumber, messages, decision);
        return journaled(ShardReply.enqueued(handedOff, decision.woken(), state.readyCount(), state.leasedCount())
                        .spilled(decision.resident() < messages.size()),
                journalStored(state));
    }

    @Override
    protected void replay(ShardState state) {
        if (decision == null) {
            state.applyWaitForRoom(sender);
            return;
        }
        state.applyEnqueue(producerId, batchNumber, messages, decision);
        journalStored(state);
    }

    /**
     * A publish that would take one of the topic's subscriptions past the topic's limits is
     * refused as a whole (or waits for room in that subscription): every subscription gets a
     * message or none does.
     */
    private ShardReply refuseIfFull(TopicState topic) {
        if (!member().limitsOf(currentKey().destination()).enforced()) {
            return null;
        }
        for (String id : topic.subscriptionIds()) {
            ShardState queue = topic.queueOf(id);
            List<MessageRecord> taken = topic.takenBy(id, messages, origin);
            String full = taken.isEmpty() || queue.isApplied(producerId, batchNumber) ? null
                    : fullness(queue, taken, currentKey() + " (subscription " + id + ")");
            if (full != null) {
                return refuse(queue, full, id);
            }
        }
        return null;
    }

    /** Refuses the batch; with the block policy its sender waits to be told of room in {@code queue}. */
    private ShardReply refuse(ShardState queue, String why, String subscriptionId) {
        waitsForRoom = sender != null && member().limitsOf(currentKey().destination()).policy() == LimitPolicy.BLOCK;
        if (waitsForRoom) {
            queue.applyWaitForRoom(sender);
            roomSubscription = subscriptionId;
        }
        return ShardReply.full(why, waitsForRoom);
    }

    /**
     * Why {@code batch} does not fit the destination's limits (its share of them on this shard)
     * in {@code queue}, named {@code what}, or null when it fits or the destination spills
     * instead of limiting.
     */
    private String fullness(ShardState queue, List<MessageRecord> batch, String what) {
        DestinationLimits limits = member().limitsOf(currentKey().destination());
        if (!limits.enforced()) {
            return null;
        }
        int shards = member().shardsOf(currentKey().destination());
        long maxMessages = limits.maxMessages() == Long.MAX_VALUE ? Long.MAX_VALUE : limits.maxMessages() / shards;
        long maxBytes = limits.maxBytes() == Long.MAX_VALUE ? Long.MAX_VALUE : limits.maxBytes() / shards;
        long bytes = 0;
        for (MessageRecord m : batch) {
            bytes += m.estimatedSize();
        }
        if (queue.depth() + batch.size() > maxMessages) {
            return what + " is full: it holds " + queue.depth() + " message(s) and " + batch.size()
                    + " more would pass maxMessages=" + limits.maxMessages();
        }
        if (queue.depthBytes() + bytes > maxBytes) {
            return what + " is full: it holds " + queue.depthBytes() + " bytes and " + bytes
                    + " more would pass maxBytes=" + limits.maxBytes();
        }
        return null;
    }

    /**
     * Journals what went into the subscriptions: a durable one's persistent messages and spilled
     * bodies, a non-durable one's spilled bodies.
     */
    private long journalParts(TopicState topic) {
        List<JournalRecord> records = new ArrayList<>();
        for (FanOut.Part part : fanOut.parts()) {
            if (!part.enqueue().duplicate()) {
                QueueAddress durable = journaledQueue(part.subscription());
                QueueAddress address = durable != null ? durable : spillQueue(part.subscription());
                records.addAll(versioned(topic.queueOf(part.subscription()), address, ShardJournal.stored(address,
                        durable != null, part.enqueue().firstSequence(), part.pickFrom(messages),
                        part.enqueue().resident())));
            }
        }
        return journal(records);
    }

    /** Journals the persistent messages of the batch, unless it was a retry already stored. */
    private long journalStored(ShardState state) {
        return decision.duplicate() ? 0 : journal(versioned(state, journaledQueue(),
                ShardJournal.stored(journaledQueue(), true, decision.firstSequence(), messages, decision.resident())));
    }

    @Override
    protected ShardOperation backupCopy() {
        boolean changed = fanOut != null ? !fanOut.parts().isEmpty()
                : decision != null ? !decision.duplicate() : waitsForRoom;
        if (!changed) {
            return null;
        }
        // A refused batch only registers its sender as waiting for room: its messages need not travel.
        boolean refused = decision == null && fanOut == null;
        EnqueueBatch copy = new EnqueueBatch(producerId, batchNumber, refused ? List.of() : messages, origin, sender);
        copy.decision = decision;
        copy.fanOut = fanOut;
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
            // 0: waits for room, 1: a topic's fan-out, 2: a queue's enqueue
            out.writeByte(fanOut != null ? 1 : decision != null ? 2 : 0);
            if (fanOut != null) {
                TopicCodec.writeFanOut(out, fanOut);
            } else if (decision != null) {
                ShardCodec.writeEnqueue(out, decision);
            } else {
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
            byte kind = in.readByte();
            if (kind == 1) {
                fanOut = TopicCodec.readFanOut(in);
            } else if (kind == 2) {
                decision = ShardCodec.readEnqueue(in);
            } else {
                roomSubscription = LongStrings.readNullable(in);
            }
        }
    }
}
