package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.BrowseReply;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.queue.ShardState;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads one page of a shard's ready messages for a queue browser, in delivery order after a
 * cursor, on the owner and without changing anything, so browsing a deep queue never loads
 * it whole.
 */
public final class BrowseMessages extends ShardReading<BrowseReply> {

    private int afterPriority;
    private long afterSequence;
    private int max;
    private String selector;

    public BrowseMessages() {
        // for deserialization
    }

    public BrowseMessages(int afterPriority, long afterSequence, int max, String selector) {
        this.afterPriority = afterPriority;
        this.afterSequence = afterSequence;
        this.max = max;
        this.selector = selector;
    }

    @Override
    public BrowseReply process(Map.Entry<ShardKey, ShardEntry> entry) {
        ShardState state = entry.getValue() == null ? null : entry.getValue().queueOf(null);
        if (state == null) {
            return new BrowseReply(List.of());
        }
        return new BrowseReply(state.browse(afterPriority, afterSequence, max, selector, System.currentTimeMillis()));
    }

    @Override
    public int getClassId() {
        return HzDataFactory.BROWSE_MESSAGES;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(afterPriority);
        out.writeLong(afterSequence);
        out.writeInt(max);
        LongStrings.writeNullable(out, selector);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        afterPriority = in.readInt();
        afterSequence = in.readLong();
        max = in.readInt();
        selector = LongStrings.readNullable(in);
    }
}
