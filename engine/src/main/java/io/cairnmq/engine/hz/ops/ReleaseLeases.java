package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.api.Redelivery;
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
    private Redelivery redelivery;

    public ReleaseLeases() {
        // for deserialization
    }

    public ReleaseLeases(Holder holder, long[] sequences, Redelivery redelivery) {
        this.holder = holder;
        this.sequences = sequences;
        this.redelivery = redelivery;
    }

    @Override
    protected ReleaseDecision decide(ShardState state) {
        return state.decideRelease(holder, sequences, redelivery);
    }

    @Override
    public int getClassId() {
        return HzDataFactory.RELEASE_LEASES;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        ShardCodec.writeHolder(out, holder);
        ShardCodec.writeLongs(out, sequences);
        out.writeByte(redelivery.ordinal());
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        holder = ShardCodec.readHolder(in);
        sequences = ShardCodec.readLongs(in);
        redelivery = Redelivery.values()[in.readByte()];
    }
}
