package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.SendReply;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import io.cairnmq.engine.tx.Acknowledgement;
import io.cairnmq.engine.tx.EntryTransactions;
import io.cairnmq.engine.tx.EntryWork;
import io.cairnmq.engine.tx.TransactionCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Commits a transaction's work on one entry in one step: its sends enqueued (or published) and
 * its acknowledgements applied together, journaled in one append. Either the whole work of a
 * transaction that touches this entry alone (one phase), or the coordinator's own work with its
 * decision to commit (the others are prepared already). Refused, changing nothing, when a send
 * would pass the destination's limits, when a message it acknowledges is no longer held by its
 * consumer, or when the transaction was resolved as aborted; a retry changes nothing.
 */
public final class CommitTransaction extends TransactionOperation<SendReply> {

    /** Whether the commit is all there is to the transaction, or decides it for other participants too. */
    private enum Role {
        /** The transaction touches this entry alone: it commits in one phase. */
        ONE_PHASE,
        /** This entry coordinates: its commit records the decision the prepared participants apply after it. */
        COORDINATOR
    }

    private EntryWork work;
    private Role role;
    /** When it decides: the other participants (their shard keys), which apply the decision after it. */
    private List<String> participants = List.of();
    private EntrySends sends = new EntrySends();
    /** The owner's decision: what each acknowledgement removes; null when refused or a retry. */
    private List<Acknowledgement> acknowledged;

    public CommitTransaction() {
        // for deserialization
    }

    /** Commits a transaction that touches this entry alone, in one phase. */
    public CommitTransaction(String transactionId, EntryWork work) {
        this(transactionId, work, Role.ONE_PHASE, List.of());
    }

    /** The coordinator's commit: its own work, and the decision the other participants (prepared) apply after it. */
    public CommitTransaction(String transactionId, EntryWork work, List<String> participants) {
        this(transactionId, work, Role.COORDINATOR, participants);
    }

    private CommitTransaction(String transactionId, EntryWork work, Role role, List<String> participants) {
        super(transactionId);
        this.work = work;
        this.role = role;
        this.participants = participants;
    }

    @Override
    protected SendReply decideAndApplyOnEntry(ShardEntry entry) {
        EntryTransactions transactions = entry.transactions();
        if (role == Role.COORDINATOR ? transactions.isCommitted(transactionId)
                : transactions.wasApplied(transactionId)) {
            return retried(new SendReply());
        }
        if (transactions.isAborted(transactionId)) {
            return SendReply.refused("the transaction was resolved as rolled back");
        }
        String producer = EntryWork.producerId(transactionId);
        EntrySends.Full full = EntrySends.fullness(this, entry, producer, 1, work.sends(), work.origin());
        if (full != null) {
            return SendReply.refused(full.why());
        }
        List<Acknowledgement> held = held(entry, work.acknowledgements(), null);
        if (!allHeld(work.acknowledgements(), held)) {
            return SendReply.refused("a message it received on " + currentKey() + " is no longer held by its consumer");
        }
        acknowledged = held;
        List<JournalRecord> records = new ArrayList<>();
        SendReply reply = new SendReply();
        if (!work.sends().isEmpty()) {
            EntrySends.Sent sent = sends.decideAndApply(this, entry, producer, 1, work.sends(), work.origin());
            records.addAll(sent.records());
            reply = sent.reply();
        }
        List<Holder> roomFreed = new ArrayList<>();
        records.addAll(acknowledge(entry, acknowledged, roomFreed));
        reply.wake(roomFreed);
        return journaled(reply, journal(with(records, decide(transactions))));
    }

    @Override
    protected void replayOnEntry(ShardEntry entry) {
        if (acknowledged == null) {
            return;
        }
        List<JournalRecord> records = new ArrayList<>(
                sends.replay(this, entry, EntryWork.producerId(transactionId), 1, work.sends()));
        records.addAll(acknowledge(entry, acknowledged, new ArrayList<>()));
        journal(with(records, decide(entry.transactions())));
    }

    /** Records the decision (coordinator) or that the work was applied (one phase); the decision's record. */
    private JournalRecord decide(EntryTransactions transactions) {
        if (role == Role.ONE_PHASE) {
            transactions.applyApplied(transactionId);
            return null;
        }
        transactions.applyCommitted(transactionId, participants);
        QueueAddress entry = entryAddress();
        return entry == null ? null : new JournalRecord.TransactionCommitted(entry, transactionId, participants);
    }

    @Override
    protected ShardOperation<SendReply> backupCopy() {
        if (acknowledged == null) {
            return null;
        }
        CommitTransaction copy = new CommitTransaction(transactionId, work, role, participants);
        copy.sends = sends.copy();
        copy.acknowledged = acknowledged;
        return copy;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.COMMIT_TRANSACTION;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        super.writeFields(out);
        TransactionCodec.writeWork(out, work);
        out.writeByte(role.ordinal());
        TransactionCodec.writeIds(out, participants);
        if (backup) {
            sends.write(out);
            TransactionCodec.writeAcknowledgements(out, acknowledged);
        }
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        super.readFields(in);
        work = TransactionCodec.readWork(in);
        role = Role.values()[in.readByte()];
        participants = TransactionCodec.readIds(in);
        if (backup) {
            sends.read(in);
            acknowledged = TransactionCodec.readAcknowledgements(in);
        }
    }
}
