package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.ShardReply;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ReleaseDecision;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import io.cairnmq.engine.tx.Acknowledgement;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Base of the operations of the commit protocol. Each changes a whole entry (a queue shard, or a
 * topic and the queues of its subscriptions) for one transaction, and journals its changes
 * together with the protocol's own record, in one append: they reach the disk in one commit.
 */
abstract class TransactionOperation<R extends ShardReply> extends ShardOperation<R> {

    protected String transactionId;

    TransactionOperation() {
        // for deserialization
    }

    TransactionOperation(String transactionId) {
        this.transactionId = transactionId;
    }

    /** Owner: decide on the entry, apply, remember the decision, answer. */
    protected abstract R decideAndApplyOnEntry(ShardEntry entry);

    /** Replica: apply the owner's decision to the entry. */
    protected abstract void replayOnEntry(ShardEntry entry);

    @Override
    protected final R decideAndApplyOn(ShardEntry entry, int shardIndex) {
        return decideAndApplyOnEntry(entry);
    }

    @Override
    protected final void replayOn(ShardEntry entry) {
        replayOnEntry(entry);
    }

    /** The journal address of the entry (no subscription); null for a temporary destination. */
    protected final QueueAddress entryAddress() {
        return currentKey().isTemporary() ? null
                : QueueAddress.of(currentKey().destination(), currentKey().index(), null);
    }

    /** The entry's record of the protocol, appended to the change's records; none when not journaled. */
    protected final List<JournalRecord> with(List<JournalRecord> records, JournalRecord protocolRecord) {
        if (protocolRecord == null) {
            return records;
        }
        List<JournalRecord> all = new ArrayList<>(records.size() + 1);
        all.addAll(records);
        all.add(protocolRecord);
        return all;
    }

    /**
     * Owner: of the acknowledgements, the sequences {@code holder} holds now (their consumer, when
     * null; or a prepared transaction), queue by queue.
     */
    protected static List<Acknowledgement> held(ShardEntry entry, List<Acknowledgement> acknowledgements,
                                                Holder holder) {
        List<Acknowledgement> held = new ArrayList<>(acknowledgements.size());
        for (Acknowledgement a : acknowledgements) {
            ShardState queue = entry.queueOf(a.subscription());
            long[] sequences = queue == null ? new long[0]
                    : queue.decideAcknowledge(holder == null ? a.consumer() : holder, a.sequences());
            held.add(new Acknowledgement(a.subscription(), a.consumer(), sequences));
        }
        return held;
    }

    /** Whether every acknowledged message is still held as it must be (none was put back meanwhile). */
    protected static boolean allHeld(List<Acknowledgement> asked, List<Acknowledgement> held) {
        for (int i = 0; i < asked.size(); i++) {
            if (held.get(i).sequences().length != asked.get(i).sequences().length) {
                return false;
            }
        }
        return true;
    }

    /**
     * Removes acknowledged messages from their queues (as decided on the owner); returns the
     * records removing their rows and adds the producers their leaving made room for to
     * {@code roomFreed}.
     */
    protected final List<JournalRecord> acknowledge(ShardEntry entry, List<Acknowledgement> decided,
                                                    List<Holder> roomFreed) {
        List<JournalRecord> records = new ArrayList<>();
        for (Acknowledgement a : decided) {
            ShardState queue = entry.queueOf(a.subscription());
            if (queue == null || a.sequences().length == 0) {
                continue;
            }
            ShardJournal.Rows rows = rowsOf(queue, a.subscription(), a.sequences());
            queue.applyAcknowledge(a.sequences());
            records.addAll(versioned(queue, rows.queue(), rows.removed()));
            roomFreed.addAll(queue.takeRoomWaiters());
        }
        return records;
    }

    /**
     * Answers a retry with {@code done}: nothing changed, but the first attempt's records are
     * covered by the newest ticket.
     */
    protected final R retried(R done) {
        return journaled(done, member().journal().lastTicket());
    }

    /**
     * Puts back, counted as a failed delivery, what {@code holder} holds in the queue; returns
     * the records of the new delivery counts.
     */
    protected final List<JournalRecord> release(ShardState queue, String subscription, ReleaseDecision decision) {
        QueueAddress address = journaledQueue(subscription);
        long[] persistent = decision.countsDelivery()
                ? ShardJournal.persistent(address, queue, decision.released()) : new long[0];
        queue.applyRelease(decision);
        return ShardJournal.redelivered(address, queue, persistent);
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeString(transactionId);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        transactionId = in.readString();
    }
}
