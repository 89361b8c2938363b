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
import io.cairnmq.engine.tx.PreparedWork;
import io.cairnmq.engine.tx.TransactionCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * At start: puts back on an entry what a journal recorded of transactions, after its messages:
 * the decisions it coordinates, and the work prepared on it, whose acknowledged messages (back
 * on the queue, ready) are handed to the transaction again until it is resolved. What the entry
 * holds already is left as it is; every holder journals what it takes. Like messages, the rows of
 * a stale journal (older than one already read for the entry) are not put back, nor anything
 * once clients have changed the entry in this cluster: then the cluster's memory is newer.
 */
public final class RestoreTransactions extends TransactionOperation<ChangeReply> {

    private Map<String, PreparedWork> prepared;
    private Map<String, List<String>> committed;
    /** The version of the entry's rows in the journal they were read from. */
    private long version;

    public RestoreTransactions() {
        // for deserialization
    }

    public RestoreTransactions(Map<String, PreparedWork> prepared, Map<String, List<String>> committed,
                               long version) {
        super("restore");
        this.version = version;
        this.prepared = prepared;
        this.committed = committed;
    }

    @Override
    protected ChangeReply decideAndApplyOnEntry(ShardEntry entry) {
        if (currentEntryLive() || isStale(entry)) {
            prepared = Map.of();
            committed = Map.of();
            return new ChangeReply();
        }
        Map<String, List<String>> decided = new LinkedHashMap<>();
        // A decision the entry already resolved otherwise (rolled back) is not brought back.
        committed.forEach((id, participants) -> {
            if (!entry.transactions().isAborted(id)) {
                decided.put(id, participants);
            }
        });
        committed = decided;
        Map<String, PreparedWork> fresh = new LinkedHashMap<>();
        prepared.forEach((id, work) -> {
            if (entry.transactions().prepared(id) == null && !entry.transactions().wasApplied(id)) {
                fresh.put(id, work);
            }
        });
        prepared = fresh;
        return journaled(new ChangeReply(), journal(apply(entry)));
    }

    @Override
    protected void replayOnEntry(ShardEntry entry) {
        journal(apply(entry));
    }

    private List<JournalRecord> apply(ShardEntry entry) {
        QueueAddress address = entryAddress();
        List<JournalRecord> records = new ArrayList<>();
        EntryTransactions transactions = entry.transactions();
        committed.forEach((id, participants) -> {
            transactions.applyCommitted(id, participants);
            if (address != null) {
                records.add(new JournalRecord.TransactionCommitted(address, id, participants));
            }
        });
        prepared.forEach((id, work) -> {
            transactions.applyPrepared(id, work);
            Holder transaction = EntryTransactions.holder(id);
            for (Acknowledgement a : work.work().acknowledgements()) {
                ShardState queue = entry.queueOf(a.subscription());
                if (queue != null) {
                    queue.applyHoldReady(transaction, a.sequences());
                }
            }
            if (address != null) {
                records.add(new JournalRecord.TransactionPrepared(address, id, work));
            }
        });
        return records;
    }

    @Override
    protected boolean marksLive() {
        return false;
    }

    /** Whether a journal read before for this entry was newer than this one. */
    private boolean isStale(ShardEntry entry) {
        if (entry instanceof ShardState queue) {
            return queue.compareRecovered(version) < 0;
        }
        return entry instanceof io.cairnmq.engine.topic.TopicState topic
                && topic.compareRecoveredSubscriptions(version) < 0;
    }

    @Override
    protected ShardOperation<ChangeReply> backupCopy() {
        return prepared.isEmpty() && committed.isEmpty() ? null : new RestoreTransactions(prepared, committed, version);
    }

    @Override
    public int getClassId() {
        return HzDataFactory.RESTORE_TRANSACTIONS;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        super.writeFields(out);
        out.writeLong(version);
        out.writeInt(prepared.size());
        for (Map.Entry<String, PreparedWork> e : prepared.entrySet()) {
            out.writeString(e.getKey());
            TransactionCodec.writePrepared(out, e.getValue());
        }
        out.writeInt(committed.size());
        for (Map.Entry<String, List<String>> e : committed.entrySet()) {
            out.writeString(e.getKey());
            TransactionCodec.writeIds(out, e.getValue());
        }
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        super.readFields(in);
        version = in.readLong();
        int n = in.readInt();
        prepared = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            prepared.put(in.readString(), TransactionCodec.readPrepared(in));
        }
        int c = in.readInt();
        committed = new LinkedHashMap<>();
        for (int i = 0; i < c; i++) {
            committed.put(in.readString(), TransactionCodec.readIds(in));
        }
    }
}
