package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.api.Redelivery;
import io.cairnmq.engine.hz.member.ChangeReply;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ReleaseDecision;
import io.cairnmq.engine.queue.ShardState;

import java.io.IOException;
import java.util.function.Predicate;

/**
 * Releases everything held by a member that left the cluster or by a connection that closed,
 * each message marked redelivered, and forgets their waiters.
 */
public final class ReleaseGoneHolders extends ReleaseOperation {

    /**
     * What {@code id} names: a member or a connection that is gone (what they held goes back,
     * counted), or a consumer of a queue that stopped for good (only its wait and its hold on an
     * exclusive queue end: what it delivered stays leased to it until its session settles it).
     */
    public enum Scope { MEMBER, CONNECTION, CONSUMER }

    private Scope scope;
    private String id;

    public ReleaseGoneHolders() {
        // for deserialization
    }

    public ReleaseGoneHolders(Scope scope, String id) {
        this.scope = scope;
        this.id = id;
    }

    /** The operation that releases what the gone holders held on this key: a queue shard's or a topic's. */
    public static ShardOperation<ChangeReply> on(ShardKey key, Scope scope, String id) {
        return key.isTopic() ? new ReleaseGoneSubscribers(scope, id) : new ReleaseGoneHolders(scope, id);
    }

    /** Which holders are gone: those of member {@code id}, or of connection {@code id}. */
    static Predicate<Holder> gone(Scope scope, String id) {
        return switch (scope) {
            case MEMBER -> h -> h.memberId().equals(id);
            case CONNECTION -> h -> h.connectionId().equals(id);
            case CONSUMER -> h -> h.consumerId().equals(id);
        };
    }

    @Override
    protected ReleaseDecision decide(ShardState state) {
        return scope == Scope.CONSUMER
                ? state.decideLeave(gone(scope, id))
                : state.decideReleaseHolders(gone(scope, id), Redelivery.COUNTED, holdsAfterFailure());
    }

    @Override
    public int getClassId() {
        return HzDataFactory.RELEASE_GONE_HOLDERS;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeByte(scope.ordinal());
        out.writeString(id);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        scope = Scope.values()[in.readByte()];
        id = in.readString();
    }
}
