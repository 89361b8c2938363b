package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.ChangeReply;
import io.cairnmq.engine.queue.BacklogPosition;
import io.cairnmq.engine.queue.PageInDecision;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.queue.StoredMessage;

import java.io.IOException;
import java.util.List;

/**
 * Puts messages the owner read back from its journal into memory, ready for consumers, and
 * wakes the waiters: in the order of the disk backlog, or ahead of it for those a selector
 * found. Backups get the same messages, so that what they hold stays what the owner holds.
 * A holder still copying the shard's backlog into its journal writes the persistent ones.
 */
public final class PageIn extends QueueOperation<ChangeReply> {

    private List<StoredMessage> messages;
    private BacklogPosition position;
    private PageInDecision decision;

    public PageIn() {
        // for deserialization
    }

    public PageIn(List<StoredMessage> messages, BacklogPosition position) {
        this.messages = messages;
        this.position = position;
    }

    @Override
    protected ChangeReply decideAndApply(ShardState state, int shardIndex) {
        decision = state.decidePageIn();
        apply(state);
        return ChangeReply.waking(decision.woken());
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
        state.applyPageIn(messages, position, decision);
        if (member().isAdopting(currentKey())) {
            // A holder still copying the backlog may not have these rows yet: the persistent
            // ones now in memory are written here, so that they survive a restart.
            journal(ShardJournal.adopted(spillQueue(), state, messages));
        }
    }

    @Override
    protected boolean marksLive() {
        return false;
    }

    @Override
    protected ShardOperation<ChangeReply> backupCopy() {
        PageIn copy = new PageIn(messages, position);
        copy.decision = decision;
        return copy;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.PAGE_IN;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeByte(position.ordinal());
        ShardCodec.writeStoredList(out, messages);
        if (backup) {
            ShardCodec.writeHolders(out, decision.woken());
            out.writeLong(decision.waiterVersion());
        }
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        position = BacklogPosition.values()[in.readByte()];
        messages = ShardCodec.readStoredList(in);
        if (backup) {
            decision = new PageInDecision(ShardCodec.readHolders(in), in.readLong());
        }
    }
}
