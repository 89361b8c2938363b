package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.HzDataFactory;
import io.cairnmq.engine.hz.ShardReply;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ReleaseDecision;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.ShardState;

import java.io.IOException;

/**
 * Puts messages a consumer leased back to ready: counted as a failed delivery (recover,
 * rollback, a failing listener) or not (prefetched, never handed out).
 */
public final class ReleaseLeases extends ShardOperation {

    private Holder holder;
    private long[] sequences;
    private boolean countDelivery;
    private ReleaseDecision decision;

    public ReleaseLeases() {
        // for deserialization
    }

    public ReleaseLeases(Holder holder, long[] sequences, boolean countDelivery) {
        super(true);
        this.holder = holder;
        this.sequences = sequences;
        this.countDelivery = countDelivery;
    }

    @Override
    protected ShardReply decideAndApply(ShardState state, int shardIndex) {
        decision = state.decideRelease(holder, sequences, countDelivery);
        state.applyRelease(decision);
        return reply(state, decision.woken());
    }

    @Override
    protected void replay(ShardState state) {
        state.applyRelease(decision);
    }

    @Override
    protected ShardOperation backupCopy() {
        return ReleaseReplay.of(decision);
    }

    @Override
    public int getClassId() {
        return HzDataFactory.RELEASE_LEASES;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        ShardCodec.writeHolder(out, holder);
        ShardCodec.writeLongs(out, sequences);
        out.writeBoolean(countDelivery);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        holder = ShardCodec.readHolder(in);
        sequences = ShardCodec.readLongs(in);
        countDelivery = in.readBoolean();
    }
}
