package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ReleaseDecision;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.ShardState;

import java.io.IOException;

/**
 * Puts messages a consumer leased back to ready: counted as a failed delivery (recover,
 * rollback, a failing listener) or not (prefetched, never handed out).
 */
public final class ReleaseLeases extends ReleaseOperation {

    private Holder holder;
    private long[] sequences;
    private boolean countDelivery;

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
    protected ReleaseDecision decide(ShardState state) {
        return state.decideRelease(holder, sequences, countDelivery);
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
