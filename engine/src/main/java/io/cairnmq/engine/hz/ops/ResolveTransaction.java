package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.ResolveReply;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.tx.Outcome;

import java.io.IOException;

/**
 * Asks a transaction's coordinator for its outcome, when its committer is gone or failed:
 * committed when its decision is recorded; otherwise aborted, and remembered so, so that a
 * commit still on its way is refused. The first to record an outcome decides it.
 */
public final class ResolveTransaction extends TransactionOperation<ResolveReply> {

    private Outcome outcome;

    public ResolveTransaction() {
        // for deserialization
    }

    public ResolveTransaction(String transactionId) {
        super(transactionId);
    }

    @Override
    protected ResolveReply decideAndApplyOnEntry(ShardEntry entry) {
        outcome = entry.transactions().decideResolve(transactionId);
        entry.transactions().applyResolved(transactionId, outcome);
        return new ResolveReply(outcome);
    }

    @Override
    protected void replayOnEntry(ShardEntry entry) {
        entry.transactions().applyResolved(transactionId, outcome);
    }

    @Override
    protected boolean marksLive() {
        return false;
    }

    @Override
    protected ShardOperation<ResolveReply> backupCopy() {
        if (outcome != Outcome.ABORTED) {
            return null;
        }
        ResolveTransaction copy = new ResolveTransaction(transactionId);
        copy.outcome = outcome;
        return copy;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.RESOLVE_TRANSACTION;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        super.writeFields(out);
        out.writeBoolean(outcome != null);
        if (outcome != null) {
            out.writeString(outcome.name());
        }
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        super.readFields(in);
        outcome = in.readBoolean() ? Outcome.valueOf(in.readString()) : null;
    }
}
