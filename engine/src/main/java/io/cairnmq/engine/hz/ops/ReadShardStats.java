package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.StatsReply;
import io.cairnmq.engine.queue.ShardEntry;

import java.util.Map;

/** Reads a shard's counts on its owner without changing it. */
public final class ReadShardStats extends ShardReading<StatsReply> {

    @Override
    public StatsReply process(Map.Entry<ShardKey, ShardEntry> entry) {
        ShardEntry state = entry.getValue();
        return state == null ? new StatsReply(0, 0) : new StatsReply(state.readyCount(), state.leasedCount());
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
