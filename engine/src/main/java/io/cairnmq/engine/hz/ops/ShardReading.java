package io.cairnmq.engine.hz.ops;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.cairnmq.engine.hz.HzDataFactory;
import io.cairnmq.engine.hz.ShardKey;
import io.cairnmq.engine.hz.ShardReply;
import io.cairnmq.engine.queue.ShardEntry;

/** Base of the operations that only read a shard on its owner: no backup, no change. */
abstract class ShardReading implements EntryProcessor<ShardKey, ShardEntry, ShardReply>, ReadOnly,
        IdentifiedDataSerializable {

    @Override
    public final EntryProcessor<ShardKey, ShardEntry, ShardReply> getBackupProcessor() {
        return null;
    }

    @Override
    public final int getFactoryId() {
        return HzDataFactory.FACTORY_ID;
    }
}
