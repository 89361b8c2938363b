package io.cairnmq.engine.hz.member;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/** A shard's counts: messages ready and leased. */
public final class StatsReply implements IdentifiedDataSerializable {

    private int ready;
    private int leased;

    public StatsReply() {
        // for deserialization
    }

    public StatsReply(int ready, int leased) {
        this.ready = ready;
        this.leased = leased;
    }

    public int ready() {
        return ready;
    }

    public int leased() {
        return leased;
    }

    @Override
    public int getFactoryId() {
        return HzDataFactory.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.STATS_REPLY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(ready);
        out.writeInt(leased);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        ready = in.readInt();
        leased = in.readInt();
    }
}
