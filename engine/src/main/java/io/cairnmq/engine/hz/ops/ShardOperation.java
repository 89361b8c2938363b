package io.cairnmq.engine.hz.ops;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.MemberContext;
import io.cairnmq.engine.hz.member.MemberServices;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.ShardReply;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import io.cairnmq.engine.topic.TopicState;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Base of the shard-changing entry processors. An instance is either the owner's (it decides,
 * applies and remembers its decision) or a backup copy made by {@link #getBackupProcessor()}
 * (it applies the remembered decision). A retried owner invocation decides again, against the
 * state it finds then.
 *
 * @param <R> what the operation answers: the common parts of every change ({@link ShardReply})
 *            and what this kind of operation says more
 */
public abstract class ShardOperation<R extends ShardReply> implements EntryProcessor<ShardKey, ShardEntry, R>,
        IdentifiedDataSerializable, HazelcastInstanceAware {

    /** Set on backup copies only. */
    protected boolean backup;
    /** The topic subscription whose queue this operation changes; null for a queue shard. */
    protected String subscription;

    /**
     * True on the instance its caller submitted through {@link #from}. Hazelcast runs an
     * operation for a local partition on that very instance, so the reply can stay here as an
     * object instead of being serialized and read back; a copy that travelled to another member
     * (or a backup copy) is false and returns its reply the ordinary way.
     */
    private transient boolean callersInstance;
    private transient volatile R localReply;
    /** Id of the member this instance runs on: set by the caller, or injected by Hazelcast. */
    private transient String memberId;
    /** The context of the member this instance runs on, found as its id is. */
    private transient MemberContext context;
    /** The key and value of the entry being processed, while it is. */
    private transient ShardKey currentKey;
    private transient ShardEntry currentEntry;
    /** The policy of the entry being processed, once asked for. */
    private transient io.cairnmq.engine.api.DeliveryPolicy policy;

    /** Addresses the queue of a topic's subscription instead of a queue shard; returns this. */
    public final ShardOperation<R> onSubscription(String subscriptionId) {
        this.subscription = subscriptionId;
        return this;
    }

    /**
     * Marks this instance as the one its caller submits, from its member: where it runs if its
     * shard is local, keeping its reply as an object for {@link #replyOf}.
     */
    public final ShardOperation<R> from(String callerMemberId, MemberContext callerMember) {
        this.memberId = callerMemberId;
        this.context = callerMember;
        this.callersInstance = true;
        return this;
    }

    /** Hazelcast injects the member the operation runs on (a copy: the one it was deserialized on). */
    @Override
    public final void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.memberId = hazelcastInstance.getCluster().getLocalMember().getUuid().toString();
        this.context = MemberContext.of(hazelcastInstance);
    }

    /** Id of the member this operation runs on; null when unknown. */
    protected final String memberId() {
        return memberId;
    }

    /** The reply of this operation, given what Hazelcast returned for it. */
    public final R replyOf(R returned) {
        R reply = returned != null ? returned : localReply;
        if (reply == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " finished without a reply");
        }
        return reply;
    }

    @Override
    public final R process(Map.Entry<ShardKey, ShardEntry> entry) {
        ShardEntry value = entry.getValue();
        if (value == null && !createsMissingEntry()) {
            R none = withoutEntry();
            if (callersInstance && !backup) {
                localReply = none;
                return null;
            }
            return none;
        }
        if (value == null) {
            value = entry.getKey().isTopic() ? new TopicState() : new ShardState();
            // Created here: every record of it is journaled here from now on.
            member().journaledInFull(entry.getKey());
        }
        if (!entry.getKey().equals(currentKey)) {
            policy = null;
        }
        currentKey = entry.getKey();
        currentEntry = value;
        MemberServices member = member();
        R reply;
        if (marksLive()) {
            value.markLive();
        }
        if (backup) {
            replayOn(value);
            reply = null;
        } else {
            reply = decideAndApplyOn(value, entry.getKey().index());
        }
        member.residentIs(entry.getKey(), value.residentBytes());
        if (reply != null) {
            ShardState queue = value.queueOf(subscription);
            reply.atWaiterVersion(queue == null ? 0 : queue.waiterVersion());
            context.deliverOnOwner(entry.getKey(), reply);
            if (queue != null && queue.hasSpilled() && member.pageIns() != null) {
                // The owner brings spilled messages back ahead of demand.
                member.pageIns().consider(entry.getKey(), subscription, queue.residentReadyCount());
            }
        }
        // OBJECT in-memory format: setValue stores the same instance, it marks the entry changed.
        entry.setValue(value);
        if (callersInstance && !backup) {
            localReply = reply;
            return null;
        }
        return reply;
    }

    /** Owner: decides against the entry's current state, applies, remembers the decision, answers. */
    protected abstract R decideAndApplyOn(ShardEntry entry, int shardIndex);

    /** Backup: applies the owner's decision to the entry. */
    protected abstract void replayOn(ShardEntry entry);

    @Override
    public final EntryProcessor<ShardKey, ShardEntry, R> getBackupProcessor() {
        ShardOperation<R> copy = backupCopy();
        if (copy != null) {
            copy.backup = true;
            copy.subscription = subscription;
        }
        return copy;
    }

    /**
     * The journal address of the queue this operation changes, or null when its changes are not
     * journaled: temporary destinations die with their connection, and of a topic only durable
     * subscriptions outlive their consumers.
     */
    protected final QueueAddress journaledQueue() {
        return journaledQueue(subscription);
    }

    /** As {@link #journaledQueue()}, for a given subscription of the topic being processed. */
    protected final QueueAddress journaledQueue(String subscriptionId) {
        if (currentKey == null || currentKey.isTemporary()) {
            return null;
        }
        if (currentKey.isTopic()) {
            return currentEntry instanceof TopicState topic && topic.isDurable(subscriptionId)
                    ? QueueAddress.of(currentKey.destination(), currentKey.index(), subscriptionId) : null;
        }
        return subscriptionId == null ? QueueAddress.of(currentKey.destination(), currentKey.index(), null) : null;
    }

    /**
     * Where the bodies of the queue's messages go past the memory limits: its journal address,
     * or, for a non-durable subscription of a topic, an address whose rows are spilled bodies
     * only (gone at restart); null for a temporary destination, which keeps everything in memory.
     */
    protected final QueueAddress spillQueue(String subscriptionId) {
        QueueAddress journaled = journaledQueue(subscriptionId);
        if (journaled != null || subscriptionId == null || currentKey == null || currentKey.isTemporary()
                || !currentKey.isTopic()) {
            return journaled;
        }
        return QueueAddress.of(currentKey.destination(), currentKey.index(), subscriptionId);
    }

    /** As {@link #spillQueue(String)} for the queue this operation changes. */
    protected final QueueAddress spillQueue() {
        return spillQueue(subscription);
    }

    /**
     * The rows in this member's journal of some of the queue's messages, found before a change
     * removes them: under its journal address those of persistent (or spilled) messages; for a
     * non-durable subscription those of spilled bodies.
     */
    protected final ShardJournal.Rows rowsOf(ShardState state, long[]... sequenceLists) {
        return rowsOf(state, subscription, sequenceLists);
    }

    /** As {@link #rowsOf(ShardState, long[]...)}, in a given queue of the entry (a topic's subscription). */
    protected final ShardJournal.Rows rowsOf(ShardState state, String subscriptionId, long[]... sequenceLists) {
        QueueAddress journaled = journaledQueue(subscriptionId);
        if (journaled != null) {
            return new ShardJournal.Rows(journaled, ShardJournal.persistent(journaled, state, sequenceLists));
        }
        QueueAddress spill = spillQueue(subscriptionId);
        return spill == null ? ShardJournal.Rows.NONE
                : new ShardJournal.Rows(spill, state.spilledAmong(ShardJournal.concat(sequenceLists)));
    }

    /**
     * How many more bytes the queue may keep in memory before new messages spill to disk;
     * unlimited for a queue that has nowhere to spill to, and for a last-value queue, whose
     * messages stay where a newer one can replace them (its limits bound it).
     */
    protected final long memoryBudget(ShardState queue) {
        QueueAddress address = spillQueue();
        if (address == null || subscription == null && policy().lastValueProperty() != null) {
            return Long.MAX_VALUE;
        }
        return member().memoryBudget(address.destination(), queue.residentBytes());
    }

    /** Whether clients have changed the entry being processed (a topic, for a subscription's queue). */
    protected final boolean currentEntryLive() {
        return currentEntry != null && currentEntry.isLive();
    }

    /** The key of the entry being processed. */
    protected final ShardKey currentKey() {
        return currentKey;
    }

    /** This member's services (journal, memory limits, page-ins). */
    protected final MemberServices member() {
        return context.services();
    }

    /** What the destination of the entry being processed does with failed deliveries and expired messages. */
    protected final io.cairnmq.engine.api.DeliveryPolicy policy() {
        io.cairnmq.engine.api.DeliveryPolicy known = policy;
        if (known == null) {
            known = member().policyOf(currentKey.destination());
            policy = known;
        }
        return known;
    }

    /**
     * On the owner: until when messages released now are held back, by how many of their
     * deliveries will have failed (the destination's redelivery delay).
     */
    protected final java.util.function.IntToLongFunction holdsAfterFailure() {
        return io.cairnmq.engine.queue.ShardState.holdsAfterFailure(policy(), System.currentTimeMillis());
    }

    /**
     * Whether this operation creates the entry when it is not there (most do: a first send or
     * consumer); one that only looks after what exists answers {@link #withoutEntry()} instead.
     */
    protected boolean createsMissingEntry() {
        return true;
    }

    /** The answer of an operation that does not create a missing entry, when it is missing. */
    protected R withoutEntry() {
        throw new IllegalStateException(getClass().getSimpleName() + " creates missing entries");
    }

    /**
     * Whether this operation is a client's change (a send, a consumption, a subscription) rather
     * than the broker's own work (recovery, a partition move, a page-in): see {@link ShardEntry#isLive()}.
     */
    protected boolean marksLive() {
        return true;
    }

    /**
     * The records of a change of a queue's journal rows, followed by the queue's new row
     * version when they change rows under its journal address (not a non-durable subscription's
     * spilled bodies, which no restart reads).
     */
    protected final List<JournalRecord> versioned(ShardState queue, QueueAddress address, List<JournalRecord> records) {
        boolean readAtRestart = address != null && address.equals(journaledQueue(address.subscriptionOrNull()));
        return readAtRestart ? ShardJournal.withVersion(records, address, queue::nextJournalVersion) : records;
    }

    /** Queues records in this member's journal; returns the ticket to wait for (0 for none). */
    protected final long journal(List<JournalRecord> records) {
        return records.isEmpty() ? 0 : member().journal().append(records);
    }

    /** Stamps a reply with where and under which ticket its change was journaled; returns it. */
    protected final R journaled(R reply, long ticket) {
        if (ticket != 0) {
            reply.journaledAs(memberId, ticket);
        }
        return reply;
    }

    /** A copy carrying the owner's decision, or null when the decision changed nothing. */
    protected abstract ShardOperation<R> backupCopy();

    protected abstract void writeFields(ObjectDataOutput out) throws IOException;

    protected abstract void readFields(ObjectDataInput in) throws IOException;

    @Override
    public final int getFactoryId() {
        return HzDataFactory.FACTORY_ID;
    }

    @Override
    public final void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(backup);
        LongStrings.writeNullable(out, subscription);
        writeFields(out);
    }

    @Override
    public final void readData(ObjectDataInput in) throws IOException {
        backup = in.readBoolean();
        subscription = LongStrings.readNullable(in);
        readFields(in);
    }
}
