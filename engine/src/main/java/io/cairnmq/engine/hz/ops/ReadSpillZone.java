package io.cairnmq.engine.hz.ops;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.MemberServices;
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
    private transient String memberId;

    public ReadSpillZone() {
        // for deserialization
    }

    public ReadSpillZone(String subscription) {
        this.subscription = subscription;
    }

    @Override
    public void setHazelcastInstance(com.hazelcast.core.HazelcastInstance hazelcastInstance) {
        this.memberId = hazelcastInstance.getCluster().getLocalMember().getUuid().toString();
    }

    /** For a local call: the member it runs on. */
    public ReadSpillZone on(String localMemberId) {
        this.memberId = localMemberId;
        return this;
    }

    @Override
    public SpillZoneView process(Map.Entry<ShardKey, ShardEntry> entry) {
        ShardState queue = entry.getValue() == null ? null : entry.getValue().queueOf(subscription);
        if (queue == null || !queue.hasSpilled()) {
            return SpillZoneView.EMPTY;
        }
        return SpillZoneView.of(queue, MemberServices.of(memberId)
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
