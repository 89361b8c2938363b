package io.cairnmq.engine.hz.member;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.cairnmq.engine.topic.TopicCodec;
import io.cairnmq.engine.topic.TopicState;

import java.io.IOException;

/** Serializes a whole topic with its subscriptions when Hazelcast copies it to a backup or migrates it. */
public final class TopicStateSerializer implements StreamSerializer<TopicState> {

    static final int TYPE_ID = 7_302;

    @Override
    public void write(ObjectDataOutput out, TopicState state) throws IOException {
        TopicCodec.writeTopic(out, state);
    }

    @Override
    public TopicState read(ObjectDataInput in) throws IOException {
        return TopicCodec.readTopic(in);
    }

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }
}
