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
import java.util.function.IntToLongFunction;

/**
 * Puts messages a consumer leased back to ready: counted as a failed delivery (recover,
 * rollback, a failing listener: held back for the destination's redelivery delay) or not
 * (prefetched, never handed out), or held back for a while by a mover that could not move them.
 */
public final class ReleaseLeases extends ReleaseOperation {

    private Holder holder;
    private long[] sequences;
    private Redelivery redelivery;
    /** How long the messages are held back whatever the policy; 0 for the policy's delay. */
    private long holdMillis;
    /** Deliveries of each message that failed at least, as its consumer counted them; 0 for none. */
    private int failedAtLeast;

    public ReleaseLeases() {
        // for deserialization
    }

    public ReleaseLeases(Holder holder, long[] sequences, Redelivery redelivery) {
        this(holder, sequences, redelivery, 0);
    }

    /** @param holdMillis how long the messages are held back whatever the policy; 0 for the policy's delay */
    public ReleaseLeases(Holder holder, long[] sequences, Redelivery redelivery, long holdMillis) {
        this.holder = holder;
        this.sequences = sequences;
        this.redelivery = redelivery;
        this.holdMillis = holdMillis;
    }

    /**
     * A release of messages whose consumer redelivered them itself before: each has at least
     * {@code failedAtLeast} failed deliveries (one more with a counted release).
     */
    public static ReleaseLeases withFailures(Holder holder, long[] sequences, Redelivery redelivery,
                                             int failedAtLeast) {
        ReleaseLeases release = new ReleaseLeases(holder, sequences, redelivery, 0);
        release.failedAtLeast = failedAtLeast;
        return release;
    }

    @Override
    protected ReleaseDecision decide(ShardState state) {
        long until = System.currentTimeMillis() + holdMillis;
        IntToLongFunction heldUntil = holdMillis > 0 ? failures -> until
                : redelivery == Redelivery.COUNTED ? holdsAfterFailure() : failures -> 0;
        return state.decideRelease(holder, sequences, redelivery, heldUntil, failedAtLeast);
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
        out.writeLong(holdMillis);
        out.writeInt(failedAtLeast);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        holder = ShardCodec.readHolder(in);
        sequences = ShardCodec.readLongs(in);
        redelivery = Redelivery.values()[in.readByte()];
        holdMillis = in.readLong();
        failedAtLeast = in.readInt();
    }
}
