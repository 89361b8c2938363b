package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.ChangeReply;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.queue.StoredMessage;

import java.io.IOException;
import java.util.List;

/**
 * Hands a page of a queue's disk backlog, read from another holder's journal, to the member
 * that has just become a holder of the shard ({@code adopter}), which journals the rows the
 * queue still needs. Deciding that on the shard's partition, in line with its other changes, is
 * what keeps a message that was consumed while the page travelled from coming back after a
 * restart.
 */
public final class AdoptSpilled extends QueueOperation<ChangeReply> {

    private List<StoredMessage> rows;
    private String adopter;

    public AdoptSpilled() {
        // for deserialization
    }

    public AdoptSpilled(List<StoredMessage> rows, String adopter) {
        this.rows = rows;
        this.adopter = adopter;
    }

    @Override
    protected ChangeReply decideAndApply(ShardState state, int shardIndex) {
        apply(state);
        return new ChangeReply();
    }

    @Override
    protected ChangeReply withoutQueue() {
        return new ChangeReply();
    }

    @Override
    protected void replay(ShardState state) {
        apply(state);
    }

    private void apply(ShardState state) {
        if (adopter.equals(memberId())) {
            journal(ShardJournal.adopted(spillQueue(), state, rows));
        }
    }

    @Override
    protected boolean marksLive() {
        return false;
    }

    @Override
    protected ShardOperation<ChangeReply> backupCopy() {
        // The rows travel to the backups only when one of them is the adopter.
        return adopter.equals(memberId()) ? null : new AdoptSpilled(rows, adopter);
    }

    @Override
    public int getClassId() {
        return HzDataFactory.ADOPT_SPILLED;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeString(adopter);
        ShardCodec.writeStoredList(out, rows);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        adopter = in.readString();
        rows = ShardCodec.readStoredList(in);
    }
}
