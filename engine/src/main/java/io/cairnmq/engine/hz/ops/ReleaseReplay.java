package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.ChangeReply;
import io.cairnmq.engine.queue.ReleaseDecision;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.ShardState;

import java.io.IOException;

/** The backup side of both release operations: applies the owner's release decision. */
public final class ReleaseReplay extends QueueOperation<ChangeReply> {

    private ReleaseDecision decision;

    public ReleaseReplay() {
        // for deserialization
    }

    private ReleaseReplay(ReleaseDecision decision) {
        this.decision = decision;
    }

    /** A backup copy for this decision, or null when it changed nothing. */
    static ShardOperation<ChangeReply> of(ReleaseDecision decision) {
        if (decision == null || decision == ReleaseDecision.NOTHING) {
            return null;
        }
        return new ReleaseReplay(decision);
    }

    @Override
    protected ChangeReply decideAndApply(ShardState state, int shardIndex) {
        throw new IllegalStateException("ReleaseReplay only runs on backups");
    }

    @Override
    protected ChangeReply withoutQueue() {
        // As every owner's step: it only runs on backups.
        return decideAndApply(null, 0);
    }

    @Override
    protected void replay(ShardState state) {
        ReleaseOperation.applyAndJournal(this, state, decision);
    }

    @Override
    protected ShardOperation<ChangeReply> backupCopy() {
        return null;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.RELEASE_REPLAY;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        ShardCodec.writeRelease(out, decision);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        decision = ShardCodec.readRelease(in);
    }
}
