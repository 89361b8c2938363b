package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.ChangeReply;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts messages read from a member's journal back on their shard, at their own sequences; a
 * message already there (recovered from another member's journal too) is not added twice. Every
 * holder of the shard journals them, as it does for a new message.
 *
 * <p>The journal's version of the queue's rows says how current it is. While no client has
 * changed the queue, a journal older than one recovered before is stale (its member died while
 * the others went on) and is skipped; a newer one replaces what was recovered from older ones.
 * Once clients have changed the queue, a journal only adds messages the queue does not have.
 *
 * <p>A replacement clears the queue's rows in its holders' journals and writes the newer
 * journal's messages again, chunk by chunk, except in the journal being read (its member's
 * own): its rows are the ones being read, and clearing them lost every chunk not yet written
 * again to a crash of that member.
 */
public final class RecoverMessages extends QueueOperation<ChangeReply> {

    /** What the owner decided to do with the journal's messages. */
    private enum Outcome { ADD, SKIP_STALE, REPLACE }

    private List<StoredMessage> messages;
    private long version;
    /** The member whose journal the messages were read from: its own journal is never cleared. */
    private String origin;
    private Outcome outcome;
    /** The owner's decision: how many of the first messages stay in memory. */
    private int resident;

    public RecoverMessages() {
        // for deserialization
    }

    /**
     * @param version the version of the queue's rows in the journal they were read from
     * @param origin  the member whose journal that is
     */
    public RecoverMessages(List<StoredMessage> messages, long version, String origin) {
        this.messages = messages;
        this.version = version;
        this.origin = origin;
    }

    @Override
    protected ChangeReply decideAndApply(ShardState state, int shardIndex) {
        int order = state.compareRecovered(version);
        outcome = currentEntryLive() || order == 0 ? Outcome.ADD
                : order < 0 ? Outcome.SKIP_STALE : Outcome.REPLACE;
        if (outcome == Outcome.REPLACE) {
            // The decision below is taken against what the queue holds once the stale part is gone.
            state.applyNewerRecovery(version);
        }
        resident = outcome == Outcome.SKIP_STALE ? 0 : state.decideRecovered(messages, memoryBudget(state));
        return journaled(new ChangeReply(), apply(state, false));
    }

    @Override
    protected ChangeReply withoutQueue() {
        return new ChangeReply();
    }

    @Override
    protected void replay(ShardState state) {
        apply(state, true);
    }

    private long apply(ShardState state, boolean replaying) {
        if (outcome == Outcome.SKIP_STALE) {
            return 0;
        }
        QueueAddress queue = journaledQueue();
        List<JournalRecord> records = new ArrayList<>();
        if (outcome == Outcome.REPLACE) {
            if (replaying) {
                state.applyNewerRecovery(version);
            }
            if (queue != null && !origin.equals(memberId())) {
                records.add(new JournalRecord.QueueCleared(queue));
            }
        }
        records.addAll(ShardJournal.recovered(queue, state.applyRecovered(messages, resident)));
        state.applyRecoveredVersion(version);
        if (queue != null) {
            records.add(new JournalRecord.QueueVersion(queue, state.journalVersion()));
        }
        return journal(records);
    }

    @Override
    protected boolean marksLive() {
        return false;
    }

    @Override
    protected ShardOperation<ChangeReply> backupCopy() {
        if (outcome == Outcome.SKIP_STALE) {
            return null;
        }
        RecoverMessages copy = new RecoverMessages(messages, version, origin);
        copy.outcome = outcome;
        copy.resident = resident;
        return copy;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.RECOVER_MESSAGES;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeLong(version);
        out.writeString(origin);
        out.writeInt(resident);
        out.writeByte(outcome == null ? -1 : outcome.ordinal());
        ShardCodec.writeStoredList(out, messages);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        version = in.readLong();
        origin = in.readString();
        resident = in.readInt();
        byte o = in.readByte();
        outcome = o < 0 ? null : Outcome.values()[o];
        messages = ShardCodec.readStoredList(in);
    }
}
