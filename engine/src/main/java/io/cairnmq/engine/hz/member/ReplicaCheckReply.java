package io.cairnmq.engine.hz.member;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A replica check's reply: the queues of the shard with a disk backlog, by subscription id ("" for a queue shard). */
public final class ReplicaCheckReply extends ShardReply {

    private List<String> spilledQueues = List.of();

    public ReplicaCheckReply() {
        // for deserialization
    }

    public ReplicaCheckReply(List<String> spilledQueues) {
        this.spilledQueues = spilledQueues;
    }

    /** The shard's queues with a disk backlog, by subscription id ("" for a queue shard). */
    public List<String> spilledQueues() {
        return spilledQueues;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.REPLICA_CHECK_REPLY;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeInt(spilledQueues.size());
        for (String q : spilledQueues) {
            out.writeString(q);
        }
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        int n = in.readInt();
        List<String> read = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            read.add(in.readString());
        }
        spilledQueues = read;
    }
}
