package io.cairnmq.engine.hz.member;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.StoredMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A scan for expired messages' reply: per queue of the entry (a queue shard's own, or each
 * subscription's of a topic), the expired messages it handed to the scanner's mover, for its
 * member to move to the expiry queue.
 */
public final class ExpiryReply extends ShardReply {

    /** Expired messages of one queue, held for the mover. */
    public record ToMove(String subscription, List<StoredMessage> messages) {
    }

    private List<ToMove> toMove = new ArrayList<>();

    public ExpiryReply() {
        // nothing to move; also for deserialization
    }

    public void add(String subscription, List<StoredMessage> messages) {
        toMove.add(new ToMove(subscription, messages));
    }

    public List<ToMove> toMove() {
        return toMove;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.EXPIRY_REPLY;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeInt(toMove.size());
        for (ToMove m : toMove) {
            LongStrings.writeNullable(out, m.subscription());
            ShardCodec.writeStoredList(out, m.messages());
        }
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        int n = in.readInt();
        toMove = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            toMove.add(new ToMove(LongStrings.readNullable(in), ShardCodec.readStoredList(in)));
        }
    }
}
