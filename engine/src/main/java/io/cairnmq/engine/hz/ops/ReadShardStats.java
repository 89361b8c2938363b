package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.ShardReply;
import io.cairnmq.engine.queue.ShardEntry;

import java.util.List;
import java.util.Map;

/** Reads a shard's counts on its owner without changing it. */
public final class ReadShardStats extends ShardReading {

    @Override
    public ShardReply process(Map.Entry<ShardKey, ShardEntry> entry) {
        ShardEntry state = entry.getValue();
        return state == null
                ? new ShardReply(List.of(), List.of(), 0, 0)
                : new ShardReply(List.of(), List.of(), state.readyCount(), state.leasedCount());
    }

    @Override
    public int getClassId() {
        return HzDataFactory.READ_SHARD_STATS;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // no fields
    }

    @Override
    public void readData(ObjectDataInput in) {
        // no fields
    }
}
