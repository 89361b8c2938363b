package io.cairnmq.engine.hz.ops;

import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.ChangeReply;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;

import java.util.List;

/** Every participant applied a transaction: its coordinator forgets the decision. */
public final class ForgetTransaction extends TransactionOperation<ChangeReply> {

    public ForgetTransaction() {
        // for deserialization
    }

    public ForgetTransaction(String transactionId) {
        super(transactionId);
    }

    @Override
    protected ChangeReply decideAndApplyOnEntry(ShardEntry entry) {
        if (!entry.transactions().isCommitted(transactionId)) {
            return new ChangeReply();
        }
        return journaled(new ChangeReply(), journal(forget(entry)));
    }

    @Override
    protected void replayOnEntry(ShardEntry entry) {
        journal(forget(entry));
    }

    private List<JournalRecord> forget(ShardEntry entry) {
        entry.transactions().applyForgotten(transactionId);
        QueueAddress address = entryAddress();
        return address == null ? List.of() : List.of(new JournalRecord.TransactionForgotten(address, transactionId));
    }

    @Override
    protected boolean marksLive() {
        return false;
    }

    @Override
    protected ShardOperation<ChangeReply> backupCopy() {
        return new ForgetTransaction(transactionId);
    }

    @Override
    public int getClassId() {
        return HzDataFactory.FORGET_TRANSACTION;
    }
}
