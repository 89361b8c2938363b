package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.api.Redelivery;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.SendReply;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ReleaseDecision;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import io.cairnmq.engine.tx.Acknowledgement;
import io.cairnmq.engine.tx.EntryTransactions;
import io.cairnmq.engine.tx.EntryWork;
import io.cairnmq.engine.tx.Outcome;
import io.cairnmq.engine.tx.PreparedWork;
import io.cairnmq.engine.tx.TransactionCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Ends a transaction prepared on a participant as its coordinator decided: committed (its sends
 * enqueued, the messages it acknowledged removed) or rolled back (those messages back on their
 * queues, counted as a delivery, its sends dropped); journaled together with the end of the
 * prepared record, in one append. A participant with nothing prepared (done already) changes
 * nothing.
 */
public final class CompleteTransaction extends TransactionOperation<SendReply> {

    private Outcome outcome;
    /**
     * For the coordinator of a transaction its caller decides: the other entries, recorded as
     * its decision in the same step as its own work commits; null otherwise.
     */
    private List<String> decisionFor;
    /** The owner's decision: the prepared work was there and ended (false: nothing to do). */
    private boolean ended;
    /** A rollback that found nothing prepared: a prepare still on its way is refused from now on. */
    private boolean refusesLatePrepare;
    private PreparedWork work;
    private EntrySends sends = new EntrySends();
    private List<Acknowledgement> acknowledged = List.of();
    /** On a rollback: what went back, queue by queue. */
    private List<Released> released = List.of();

    /** What a rollback put back in one queue of the entry. */
    private record Released(String subscription, ReleaseDecision decision) {
    }

    public CompleteTransaction() {
        // for deserialization
    }

    public CompleteTransaction(String transactionId, Outcome outcome) {
        super(transactionId);
        this.outcome = outcome;
    }

    /**
     * Commits the work prepared on the coordinator of a transaction its caller decided, and
     * records the decision for {@code participants} in the same step: from then on the
     * transaction commits everywhere, whatever fails.
     */
    public static CompleteTransaction decidingCommit(String transactionId, List<String> participants) {
        CompleteTransaction op = new CompleteTransaction(transactionId, Outcome.COMMITTED);
        op.decisionFor = List.copyOf(participants);
        return op;
    }

    @Override
    protected SendReply decideAndApplyOnEntry(ShardEntry entry) {
        work = entry.transactions().prepared(transactionId);
        if (work == null && decisionFor != null && !entry.transactions().isCommitted(transactionId)) {
            // Nothing prepared and no decision: it was rolled back (or never prepared here).
            return SendReply.refused("transaction " + transactionId + " is not prepared");
        }
        if (work == null) {
            if (outcome == Outcome.ABORTED && !entry.transactions().wasApplied(transactionId)) {
                refusesLatePrepare = true;
                entry.transactions().applyResolved(transactionId, Outcome.ABORTED);
            }
            return retried(new SendReply());
        }
        ended = true;
        Holder transaction = EntryTransactions.holder(transactionId);
        SendReply reply = new SendReply();
        List<JournalRecord> records = new ArrayList<>();
        List<Holder> woken = new ArrayList<>();
        if (outcome == Outcome.COMMITTED) {
            EntryWork w = work.work();
            if (!w.sends().isEmpty()) {
                EntrySends.Sent sent = sends.decideAndApply(this, entry, EntryWork.producerId(transactionId), 1,
                        w.sends(), w.origin());
                records.addAll(sent.records());
                reply = sent.reply();
            }
            acknowledged = held(entry, w.acknowledgements(), transaction);
            records.addAll(acknowledge(entry, acknowledged, woken));
        } else {
            released = new ArrayList<>();
            for (String subscription : queuesOf(work)) {
                ShardState queue = entry.queueOf(subscription);
                if (queue != null) {
                    ReleaseDecision d = queue.decideReleaseHolders(transaction::equals, Redelivery.COUNTED,
                            holdsAfterFailure());
                    released.add(new Released(subscription, d));
                    woken.addAll(d.woken());
                    records.addAll(release(queue, subscription, d));
                }
            }
        }
        addIfAny(records, decide(entry));
        reply.wake(woken);
        return journaled(reply, journal(with(records, end(entry))));
    }

    private static void addIfAny(List<JournalRecord> records, JournalRecord record) {
        if (record != null) {
            records.add(record);
        }
    }

    /** With {@link #decidingCommit}: the decision, recorded on this entry; its record (null otherwise). */
    private JournalRecord decide(ShardEntry entry) {
        if (decisionFor == null) {
            return null;
        }
        entry.transactions().applyCommitted(transactionId, decisionFor);
        QueueAddress address = entryAddress();
        return address == null ? null : new JournalRecord.TransactionCommitted(address, transactionId, decisionFor);
    }

    @Override
    protected void replayOnEntry(ShardEntry entry) {
        if (refusesLatePrepare) {
            entry.transactions().applyResolved(transactionId, Outcome.ABORTED);
        }
        if (!ended) {
            return;
        }
        List<JournalRecord> records = new ArrayList<>();
        if (outcome == Outcome.COMMITTED) {
            records.addAll(sends.replay(this, entry, EntryWork.producerId(transactionId), 1, work.work().sends()));
            records.addAll(acknowledge(entry, acknowledged, new ArrayList<>()));
        } else {
            for (Released r : released) {
                ShardState queue = entry.queueOf(r.subscription());
                if (queue != null) {
                    records.addAll(release(queue, r.subscription(), r.decision()));
                }
            }
        }
        addIfAny(records, decide(entry));
        journal(with(records, end(entry)));
    }

    /** The transaction is no longer prepared here; the record deleting its prepared row. */
    private JournalRecord end(ShardEntry entry) {
        entry.transactions().applyDone(transactionId);
        if (outcome == Outcome.COMMITTED) {
            entry.transactions().applyApplied(transactionId);
        } else {
            // A prepare or a commit of it still on its way is refused from now on.
            entry.transactions().applyResolved(transactionId, Outcome.ABORTED);
        }
        QueueAddress address = entryAddress();
        return address == null ? null : new JournalRecord.TransactionDone(address, transactionId);
    }

    /** The queues of the entry that the work acknowledged messages in (null: the queue shard's own). */
    private static Set<String> queuesOf(PreparedWork work) {
        Set<String> queues = new LinkedHashSet<>();
        work.work().acknowledgements().forEach(a -> queues.add(a.subscription()));
        return queues;
    }

    @Override
    protected ShardOperation<SendReply> backupCopy() {
        if (!ended && !refusesLatePrepare) {
            return null;
        }
        CompleteTransaction copy = new CompleteTransaction(transactionId, outcome);
        copy.decisionFor = decisionFor;
        copy.refusesLatePrepare = refusesLatePrepare;
        copy.ended = ended;
        copy.work = work;
        copy.sends = sends.copy();
        copy.acknowledged = acknowledged;
        copy.released = released;
        return copy;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.COMPLETE_TRANSACTION;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        super.writeFields(out);
        out.writeString(outcome.name());
        out.writeBoolean(decisionFor != null);
        if (decisionFor != null) {
            TransactionCodec.writeIds(out, decisionFor);
        }
        if (backup) {
            out.writeBoolean(refusesLatePrepare);
            out.writeBoolean(ended);
        }
        if (backup && ended) {
            TransactionCodec.writePrepared(out, work);
            sends.write(out);
            TransactionCodec.writeAcknowledgements(out, acknowledged);
            out.writeInt(released.size());
            for (Released r : released) {
                LongStrings.writeNullable(out, r.subscription());
                ShardCodec.writeRelease(out, r.decision());
            }
        }
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        super.readFields(in);
        outcome = Outcome.valueOf(in.readString());
        decisionFor = in.readBoolean() ? TransactionCodec.readIds(in) : null;
        if (backup) {
            refusesLatePrepare = in.readBoolean();
            ended = in.readBoolean();
        }
        if (backup && ended) {
            work = TransactionCodec.readPrepared(in);
            sends.read(in);
            acknowledged = TransactionCodec.readAcknowledgements(in);
            int n = in.readInt();
            released = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                released.add(new Released(LongStrings.readNullable(in), ShardCodec.readRelease(in)));
            }
        }
    }
}
