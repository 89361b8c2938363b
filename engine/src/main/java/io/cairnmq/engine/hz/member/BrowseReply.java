package io.cairnmq.engine.hz.member;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.StoredMessage;

import java.io.IOException;
import java.util.List;

/** A page of a queue's messages, read without changing anything: from memory, or from a journal's disk backlog. */
public final class BrowseReply implements IdentifiedDataSerializable {

    private List<StoredMessage> messages = List.of();

    public BrowseReply() {
        // for deserialization
    }

    public BrowseReply(List<StoredMessage> messages) {
        this.messages = messages;
    }

    public List<StoredMessage> messages() {
        return messages;
    }

    @Override
    public int getFactoryId() {
        return HzDataFactory.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.BROWSE_REPLY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        ShardCodec.writeStoredList(out, messages);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        messages = ShardCodec.readStoredList(in);
    }
}
