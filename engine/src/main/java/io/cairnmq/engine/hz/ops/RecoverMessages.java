package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.HzDataFactory;
import io.cairnmq.engine.hz.ShardReply;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.queue.StoredMessage;

import java.io.IOException;
import java.util.List;

/**
 * Puts messages read from a member's journal back on their shard, at their own sequences; a
 * message already there (recovered from another member's journal too) is not added twice. Every
 * holder of the shard journals them, as it does for a new message.
 */
public final class RecoverMessages extends ShardOperation {

    private List<StoredMessage> messages;
    /** The owner's decision: how many of the first messages stay in memory. */
    private int resident;

    public RecoverMessages() {
        // for deserialization
    }

    public RecoverMessages(List<StoredMessage> messages) {
        super(true);
        this.messages = messages;
    }

    @Override
    protected ShardReply decideAndApply(ShardState state, int shardIndex) {
        resident = state.decideRecovered(messages, memoryBudget(state));
        return journaled(reply(state, List.of()), apply(state));
    }

    @Override
    protected void replay(ShardState state) {
        apply(state);
    }

    private long apply(ShardState state) {
        return journal(ShardJournal.recovered(journaledQueue(), state.applyRecovered(messages, resident)));
    }

    @Override
    protected ShardOperation backupCopy() {
        RecoverMessages copy = new RecoverMessages(messages);
        copy.resident = resident;
        return copy;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.RECOVER_MESSAGES;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeInt(resident);
        ShardCodec.writeStoredList(out, messages);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        resident = in.readInt();
        messages = ShardCodec.readStoredList(in);
    }
}
