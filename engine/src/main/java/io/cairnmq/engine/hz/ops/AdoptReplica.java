package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.ReplicaCheckReply;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import io.cairnmq.engine.topic.TopicState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Run after a partition's replicas moved, on the owner and every backup of a shard. Each holder
 * confirms it holds the shard under the check's token, so that a member that gave the shard
 * away learns it holds it no more (and drops its rows of it). The member that has just received
 * the shard ({@code adopter}, if any) writes it into its journal afresh: its old rows of the
 * shard are void, then its durable subscriptions and every persistent message in memory are
 * written, with the transactions prepared on it and the decisions it coordinates. Messages only
 * on disk follow by {@link AdoptSpilled}; the reply names the queues that have some.
 */
public final class AdoptReplica extends ShardOperation<ReplicaCheckReply> {

    private long token;
    private String adopter;

    public AdoptReplica() {
        // for deserialization
    }

    /** @param adopter the member that has just become a holder of the shard; null for a check alone */
    public AdoptReplica(long token, String adopter) {
        this.token = token;
        this.adopter = adopter;
    }

    @Override
    protected ReplicaCheckReply decideAndApplyOn(ShardEntry entry, int shardIndex) {
        apply(entry);
        List<String> spilled = new ArrayList<>();
        for (String queue : queues(entry)) {
            if (entry.queueOf(queue.isEmpty() ? null : queue).hasSpilled()) {
                spilled.add(queue);
            }
        }
        return new ReplicaCheckReply(spilled);
    }

    @Override
    protected void replayOn(ShardEntry entry) {
        apply(entry);
    }

    private void apply(ShardEntry entry) {
        member().confirmHolding(token);
        if (adopter == null || !adopter.equals(memberId()) || currentKey().isTemporary()) {
            return;
        }
        List<JournalRecord> records = new ArrayList<>();
        QueueAddress shard = QueueAddress.of(currentKey().destination(), currentKey().index(), null);
        records.add(new JournalRecord.ShardReleased(shard));
        if (entry instanceof TopicState topic) {
            records.add(new JournalRecord.QueueVersion(shard, topic.subscriptionsVersion()));
        }
        boolean spilled = false;
        for (String queue : queues(entry)) {
            String subscription = queue.isEmpty() ? null : queue;
            ShardState state = entry.queueOf(subscription);
            spilled |= spillQueue(subscription) != null && state.hasSpilled();
            QueueAddress address = journaledQueue(subscription);
            if (address == null) {
                // A non-durable subscription: only its disk backlog has rows, copied afterwards.
                continue;
            }
            if (entry instanceof TopicState topic) {
                records.add(new JournalRecord.SubscriptionCreated(address, topic.definitionOf(subscription)));
            }
            records.addAll(ShardJournal.recovered(address, state.residentPersistent()));
            records.add(new JournalRecord.QueueVersion(address, state.journalVersion()));
        }
        // What it holds of transactions: work prepared on it, and decisions it coordinates.
        entry.transactions().allPrepared().forEach((id, work) ->
                records.add(new JournalRecord.TransactionPrepared(shard, id, work)));
        entry.transactions().allCommitted().forEach((id, participants) ->
                records.add(new JournalRecord.TransactionCommitted(shard, id, participants)));
        journal(records);
        if (spilled) {
            member().startAdopting(currentKey());
        }
    }

    /** The shard's queues: "" for a queue shard, or a topic's subscription ids. */
    private static List<String> queues(ShardEntry entry) {
        return entry instanceof TopicState topic ? topic.subscriptionIds() : List.of("");
    }

    @Override
    protected boolean marksLive() {
        return false;
    }

    @Override
    protected ShardOperation<ReplicaCheckReply> backupCopy() {
        // Every backup confirms, whoever the adopter is.
        return new AdoptReplica(token, adopter);
    }

    @Override
    public int getClassId() {
        return HzDataFactory.ADOPT_REPLICA;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeLong(token);
        LongStrings.writeNullable(out, adopter);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        token = in.readLong();
        adopter = LongStrings.readNullable(in);
    }
}
