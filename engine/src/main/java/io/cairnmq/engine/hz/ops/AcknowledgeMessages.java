package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.ChangeReply;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.ShardState;

import java.io.IOException;
import java.util.List;

/** Removes messages their consumer has finished with; sequences it no longer holds are ignored. */
public final class AcknowledgeMessages extends QueueOperation<ChangeReply> {

    private Holder holder;
    private long[] sequences;
    private long[] acknowledged;

    public AcknowledgeMessages() {
        // for deserialization
    }

    public AcknowledgeMessages(Holder holder, long[] sequences) {
        this.holder = holder;
        this.sequences = sequences;
    }

    @Override
    protected ChangeReply decideAndApply(ShardState state, int shardIndex) {
        acknowledged = state.decideAcknowledge(holder, sequences);
        long ticket = apply(state);
        return journaled(ChangeReply.waking(acknowledged.length > 0 ? state.takeRoomWaiters() : List.of()), ticket);
    }

    @Override
    protected ChangeReply withoutQueue() {
        return new ChangeReply();
    }

    @Override
    protected void replay(ShardState state) {
        apply(state);
        if (acknowledged.length > 0) {
            state.takeRoomWaiters();
        }
    }

    /** Applies the acknowledgement and removes the journal rows of the messages it removed. */
    private long apply(ShardState state) {
        ShardJournal.Rows rows = rowsOf(state, acknowledged);
        state.applyAcknowledge(acknowledged);
        return journal(versioned(state, rows.queue(), rows.removed()));
    }

    @Override
    protected ShardOperation<ChangeReply> backupCopy() {
        if (acknowledged == null || acknowledged.length == 0) {
            return null;
        }
        AcknowledgeMessages copy = new AcknowledgeMessages(holder, new long[0]);
        copy.acknowledged = acknowledged;
        return copy;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.ACKNOWLEDGE_MESSAGES;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        ShardCodec.writeHolder(out, holder);
        ShardCodec.writeLongs(out, backup ? acknowledged : sequences);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        holder = ShardCodec.readHolder(in);
        long[] values = ShardCodec.readLongs(in);
        if (backup) {
            acknowledged = values;
            sequences = new long[0];
        } else {
            sequences = values;
        }
    }
}
