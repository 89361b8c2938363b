package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.ChangeReply;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import io.cairnmq.engine.tx.Acknowledgement;
import io.cairnmq.engine.tx.EntryTransactions;
import io.cairnmq.engine.tx.EntryWork;
import io.cairnmq.engine.tx.PreparedWork;
import io.cairnmq.engine.tx.TransactionCodec;

import java.io.IOException;
import java.util.List;

/**
 * Prepares a transaction's work on one entry (a participant that does not coordinate): its sends
 * wait, invisible, and the messages it acknowledges are handed over to the transaction, so that
 * neither their consumer's close nor a member's death puts them back; journaled, so that a
 * restart finds them. Refused, changing nothing, as a commit is (limits, a message no longer
 * held, resolved as aborted); a retry changes nothing.
 */
public final class PrepareTransaction extends TransactionOperation<ChangeReply> {

    private PreparedWork prepared;
    /** The owner's decision: the work is prepared here (false when refused or a retry). */
    private boolean accepted;

    public PrepareTransaction() {
        // for deserialization
    }

    /** The refusal of a transaction whose id another connection's prepared transaction has (an id reused). */
    private static final String PREPARED_BY_ANOTHER = "another connection's transaction with this id is prepared already";

    /** Whether the entry refused because another connection's transaction with the same id is prepared there. */
    public static boolean preparedByAnother(ChangeReply reply) {
        return PREPARED_BY_ANOTHER.equals(reply.refusal());
    }

    public PrepareTransaction(String transactionId, PreparedWork prepared) {
        super(transactionId);
        this.prepared = prepared;
    }

    @Override
    protected ChangeReply decideAndApplyOnEntry(ShardEntry entry) {
        EntryTransactions transactions = entry.transactions();
        PreparedWork existing = transactions.prepared(transactionId);
        if (existing != null) {
            if (existing.work().origin().equals(prepared.work().origin())) {
                return retried(new ChangeReply());
            }
            return ChangeReply.refused(PREPARED_BY_ANOTHER);
        }
        if (transactions.isAborted(transactionId)) {
            return ChangeReply.refused("the transaction was resolved as rolled back");
        }
        EntryWork work = prepared.work();
        EntrySends.Full full = EntrySends.fullness(this, entry, EntryWork.producerId(transactionId), 1, work.sends(),
                work.origin());
        if (full != null) {
            return ChangeReply.refused(full.why());
        }
        if (!allHeld(work.acknowledgements(), held(entry, work.acknowledgements(), null))) {
            return ChangeReply.refused("a message it received on " + currentKey()
                    + " is no longer held by its consumer");
        }
        accepted = true;
        return journaled(new ChangeReply(), journal(apply(entry)));
    }

    @Override
    protected void replayOnEntry(ShardEntry entry) {
        if (accepted) {
            journal(apply(entry));
        }
    }

    /** Holds the work prepared and hands the acknowledged messages over to the transaction; returns its record. */
    private List<JournalRecord> apply(ShardEntry entry) {
        entry.transactions().applyPrepared(transactionId, prepared);
        Holder transaction = EntryTransactions.holder(transactionId);
        for (Acknowledgement a : prepared.work().acknowledgements()) {
            ShardState queue = entry.queueOf(a.subscription());
            if (queue != null) {
                queue.applyHandOver(a.consumer(), transaction, a.sequences());
            }
        }
        QueueAddress address = entryAddress();
        return address == null ? List.of()
                : List.of(new JournalRecord.TransactionPrepared(address, transactionId, durablePart(prepared)));
    }

    /** What a restart needs of the work: the persistent sends (others do not outlive a restart) and the acknowledgements. */
    private static PreparedWork durablePart(PreparedWork p) {
        EntryWork work = p.work();
        List<io.cairnmq.engine.api.MessageRecord> persistent = work.sends().stream()
                .filter(io.cairnmq.engine.api.MessageRecord::persistent).toList();
        return persistent.size() == work.sends().size() ? p
                : new PreparedWork(p.coordinator(), p.committer(),
                new EntryWork(persistent, work.origin(), work.acknowledgements()), p.entries());
    }

    @Override
    protected ShardOperation<ChangeReply> backupCopy() {
        if (!accepted) {
            return null;
        }
        PrepareTransaction copy = new PrepareTransaction(transactionId, prepared);
        copy.accepted = true;
        return copy;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.PREPARE_TRANSACTION;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        super.writeFields(out);
        TransactionCodec.writePrepared(out, prepared);
        out.writeBoolean(accepted);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        super.readFields(in);
        prepared = TransactionCodec.readPrepared(in);
        accepted = in.readBoolean();
    }
}
