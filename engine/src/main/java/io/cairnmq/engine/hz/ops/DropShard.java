package io.cairnmq.engine.hz.ops;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.MemberContext;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.queue.ShardEntry;

import java.util.Map;

/**
 * Deletes a shard with its messages, on its owner and every backup: each holder stops counting
 * the memory the shard held, which a plain map delete would leave counted.
 */
public final class DropShard implements EntryProcessor<ShardKey, ShardEntry, Boolean>, IdentifiedDataSerializable,
        HazelcastInstanceAware {

    private transient MemberContext member;

    public DropShard() {
        // also for deserialization
    }

    /** For a call on this member: the member it runs on if the shard is local. */
    public DropShard on(MemberContext localMember) {
        this.member = localMember;
        return this;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.member = MemberContext.of(hazelcastInstance);
    }

    @Override
    public Boolean process(Map.Entry<ShardKey, ShardEntry> entry) {
        member.services().forgetResident(entry.getKey());
        boolean existed = entry.getValue() != null;
        entry.setValue(null);
        return existed;
    }

    @Override
    public EntryProcessor<ShardKey, ShardEntry, Boolean> getBackupProcessor() {
        return new DropShard();
    }

    @Override
    public int getFactoryId() {
        return HzDataFactory.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.DROP_SHARD;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // nothing but the key, which travels with the operation
    }

    @Override
    public void readData(ObjectDataInput in) {
        // nothing
    }
}
