package io.cairnmq.engine.hz.ops;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.MemberContext;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.queue.ShardState;

import java.io.IOException;
import java.util.Map;

/**
 * Reads, on the owner, where a queue's disk backlog stands (per priority: cursor and count) and
 * how many bytes it may bring back into memory, for the page-in that follows.
 */
public final class ReadSpillZone implements EntryProcessor<ShardKey, ShardEntry, SpillZoneView>, ReadOnly,
        IdentifiedDataSerializable, com.hazelcast.core.HazelcastInstanceAware {

    private String subscription;
    private transient MemberContext member;

    public ReadSpillZone() {
        // for deserialization
    }

    public ReadSpillZone(String subscription) {
        this.subscription = subscription;
    }

    @Override
    public void setHazelcastInstance(com.hazelcast.core.HazelcastInstance hazelcastInstance) {
        this.member = MemberContext.of(hazelcastInstance);
    }

    /** For a local call: the member it runs on. */
    public ReadSpillZone on(MemberContext localMember) {
        this.member = localMember;
        return this;
    }

    @Override
    public SpillZoneView process(Map.Entry<ShardKey, ShardEntry> entry) {
        ShardState queue = entry.getValue() == null ? null : entry.getValue().queueOf(subscription);
        if (queue == null || !queue.hasSpilled()) {
            return SpillZoneView.EMPTY;
        }
        return SpillZoneView.of(queue, member.services()
                .memoryBudget(entry.getKey().destination(), queue.residentBytes()));
    }

    @Override
    public EntryProcessor<ShardKey, ShardEntry, SpillZoneView> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return HzDataFactory.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.READ_SPILL_ZONE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        LongStrings.writeNullable(out, subscription);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        subscription = LongStrings.readNullable(in);
    }
}
