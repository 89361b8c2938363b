package io.cairnmq.engine.hz.member;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.ShardState;

import java.io.IOException;

/** Serializes a whole shard when Hazelcast copies it to a backup or migrates it. */
public final class ShardStateSerializer implements StreamSerializer<ShardState> {

    static final int TYPE_ID = 7_301;

    @Override
    public void write(ObjectDataOutput out, ShardState state) throws IOException {
        ShardCodec.writeShard(out, state);
    }

    @Override
    public ShardState read(ObjectDataInput in) throws IOException {
        return ShardCodec.readShard(in);
    }

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }
}
