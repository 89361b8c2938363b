package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.codec.MessageCodec;
import io.cairnmq.engine.hz.HzDataFactory;
import io.cairnmq.engine.hz.ShardReply;
import io.cairnmq.engine.queue.EnqueueDecision;
import io.cairnmq.engine.queue.HandedOff;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.ShardState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends a producer's batch to a shard, handing messages straight to consumers waiting on the
 * shard's owner; a batch number already seen is a retry and ignored.
 */
public final class EnqueueBatch extends ShardOperation {

    private String producerId;
    private long batchNumber;
    private List<MessageRecord> messages;
    private EnqueueDecision decision;

    public EnqueueBatch() {
        // for deserialization
    }

    public EnqueueBatch(String producerId, long batchNumber, List<MessageRecord> messages) {
        super(true);
        this.producerId = producerId;
        this.batchNumber = batchNumber;
        this.messages = messages;
    }

    @Override
    protected ShardReply decideAndApply(ShardState state, int shardIndex) {
        decision = state.decideEnqueue(producerId, batchNumber, messages, memberId());
        List<HandedOff> handedOff = state.applyEnqueue(producerId, batchNumber, messages, decision);
        return ShardReply.enqueued(handedOff, decision.woken(), state.readyCount(), state.leasedCount());
    }

    @Override
    protected void replay(ShardState state) {
        state.applyEnqueue(producerId, batchNumber, messages, decision);
    }

    @Override
    protected ShardOperation backupCopy() {
        if (decision == null || decision.duplicate()) {
            return null;
        }
        EnqueueBatch copy = new EnqueueBatch(producerId, batchNumber, messages);
        copy.decision = decision;
        return copy;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.ENQUEUE_BATCH;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeString(producerId);
        out.writeLong(batchNumber);
        out.writeInt(messages.size());
        for (MessageRecord m : messages) {
            MessageCodec.write(out, m);
        }
        if (backup) {
            ShardCodec.writeEnqueue(out, decision);
        }
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        producerId = in.readString();
        batchNumber = in.readLong();
        int n = in.readInt();
        messages = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            messages.add(MessageCodec.read(in));
        }
        if (backup) {
            decision = ShardCodec.readEnqueue(in);
        }
    }
}
