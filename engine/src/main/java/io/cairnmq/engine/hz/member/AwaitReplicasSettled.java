package io.cairnmq.engine.hz.member;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Runs on another member and waits (a bounded time) until it has copied every shard it received
 * into its journal: sent by a member about to drop its rows of shards it gave away, or to leave
 * the cluster, since it may be the one the others copy from.
 */
public final class AwaitReplicasSettled implements Callable<Boolean>, IdentifiedDataSerializable,
        HazelcastInstanceAware {

    private long millis;
    private transient MemberContext member;

    public AwaitReplicasSettled() {
        // for deserialization
    }

    public AwaitReplicasSettled(long millis) {
        this.millis = millis;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.member = MemberContext.of(hazelcastInstance);
    }

    @Override
    public Boolean call() throws InterruptedException {
        ReplicaAdoption replicas = member.services().replicas();
        return replicas == null || replicas.awaitAdopted(millis);
    }

    @Override
    public int getFactoryId() {
        return HzDataFactory.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.AWAIT_REPLICAS_SETTLED;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(millis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        millis = in.readLong();
    }
}
