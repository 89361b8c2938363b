package io.cairnmq.engine.hz.ops;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.queue.ShardEntry;

/** Base of the operations that only read a shard on its owner: no backup, no change. */
abstract class ShardReading<R> implements EntryProcessor<ShardKey, ShardEntry, R>, ReadOnly,
        IdentifiedDataSerializable {

    @Override
    public final EntryProcessor<ShardKey, ShardEntry, R> getBackupProcessor() {
        return null;
    }

    @Override
    public final int getFactoryId() {
        return HzDataFactory.FACTORY_ID;
    }
}
