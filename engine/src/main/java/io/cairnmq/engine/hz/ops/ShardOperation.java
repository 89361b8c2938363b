package io.cairnmq.engine.hz.ops;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.cairnmq.engine.hz.HzDataFactory;
import io.cairnmq.engine.hz.LocalBuses;
import io.cairnmq.engine.hz.ShardKey;
import io.cairnmq.engine.hz.ShardReply;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ShardState;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Base of the shard-changing entry processors. An instance is either the owner's (it decides,
 * applies and remembers its decision) or a backup copy made by {@link #getBackupProcessor()}
 * (it applies the remembered decision). A retried owner invocation decides again, against the
 * state it finds then.
 */
public abstract class ShardOperation implements EntryProcessor<ShardKey, ShardState, ShardReply>,
        IdentifiedDataSerializable, HazelcastInstanceAware {

    /** Set on backup copies only. */
    protected boolean backup;

    /**
     * True on the instance its caller made. Hazelcast runs an operation for a local partition
     * on that very instance, so the reply can stay here as an object instead of being
     * serialized and read back; a copy that travelled to another member is false and returns
     * its reply the ordinary way.
     */
    private final transient boolean callersInstance;
    private transient volatile ShardReply localReply;
    /** Id of the member this instance runs on: set by the caller, or injected into a copy. */
    private transient String memberId;

    /** For deserialization: a copy that travelled. */
    protected ShardOperation() {
        this.callersInstance = false;
    }

    /** For callers: the instance they submit. */
    protected ShardOperation(boolean callersInstance) {
        this.callersInstance = callersInstance;
    }

    /** The caller's member: where this instance runs if its shard is local. */
    public final ShardOperation from(String callerMemberId) {
        this.memberId = callerMemberId;
        return this;
    }

    /** Hazelcast injects the member a copy was deserialized on: the shard's owner. */
    @Override
    public final void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.memberId = hazelcastInstance.getCluster().getLocalMember().getUuid().toString();
    }

    /** Id of the member this operation runs on; null when unknown. */
    protected final String memberId() {
        return memberId;
    }

    /** The reply of this operation, given what Hazelcast returned for it. */
    public final ShardReply replyOf(ShardReply returned) {
        ShardReply reply = returned != null ? returned : localReply;
        if (reply == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " finished without a reply");
        }
        return reply;
    }

    @Override
    public final ShardReply process(Map.Entry<ShardKey, ShardState> entry) {
        ShardState state = entry.getValue();
        if (state == null) {
            state = new ShardState();
        }
        ShardReply reply;
        if (backup) {
            replay(state);
            reply = null;
        } else {
            reply = decideAndApply(state, entry.getKey().index());
        }
        if (reply != null) {
            reply.atWaiterVersion(state.waiterVersion());
            LocalBuses.deliverOnOwner(memberId, entry.getKey(), reply);
        }
        // OBJECT in-memory format: setValue stores the same instance, it marks the entry changed.
        entry.setValue(state);
        if (callersInstance && !backup) {
            localReply = reply;
            return null;
        }
        return reply;
    }

    @Override
    public final EntryProcessor<ShardKey, ShardState, ShardReply> getBackupProcessor() {
        ShardOperation copy = backupCopy();
        if (copy != null) {
            copy.backup = true;
        }
        return copy;
    }

    /** Owner: decide against the current state, apply, remember the decision, answer. */
    protected abstract ShardReply decideAndApply(ShardState state, int shardIndex);

    /** Backup: apply the owner's decision. */
    protected abstract void replay(ShardState state);

    /** A copy carrying the owner's decision, or null when the decision changed nothing. */
    protected abstract ShardOperation backupCopy();

    protected abstract void writeFields(ObjectDataOutput out) throws IOException;

    protected abstract void readFields(ObjectDataInput in) throws IOException;

    protected static ShardReply reply(ShardState state, List<Holder> woken) {
        return new ShardReply(List.of(), woken, state.readyCount(), state.leasedCount());
    }

    @Override
    public final int getFactoryId() {
        return HzDataFactory.FACTORY_ID;
    }

    @Override
    public final void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(backup);
        writeFields(out);
    }

    @Override
    public final void readData(ObjectDataInput in) throws IOException {
        backup = in.readBoolean();
        readFields(in);
    }
}
