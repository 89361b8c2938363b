package io.cairnmq.engine.hz.member;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Runs on the member whose journal holds a change and returns once that change is durable
 * there: how a caller on another member waits for a persistent send or acknowledgement.
 */
public final class AwaitDurable implements Callable<Boolean>, IdentifiedDataSerializable, HazelcastInstanceAware {

    private long ticket;
    private JournalWait wait;
    private transient MemberContext member;

    public AwaitDurable() {
        // for deserialization
    }

    public AwaitDurable(long ticket, JournalWait wait) {
        this.ticket = ticket;
        this.wait = wait;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.member = MemberContext.of(hazelcastInstance);
    }

    @Override
    public Boolean call() {
        wait.awaitIn(member.services().journal(), ticket);
        return Boolean.TRUE;
    }

    @Override
    public int getFactoryId() {
        return HzDataFactory.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.AWAIT_DURABLE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(ticket);
        out.writeByte(wait.ordinal());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        ticket = in.readLong();
        wait = JournalWait.values()[in.readByte()];
    }
}
