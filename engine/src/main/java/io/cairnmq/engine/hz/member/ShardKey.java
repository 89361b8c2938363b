package io.cairnmq.engine.hz.member;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.partition.PartitionAware;
import io.cairnmq.engine.api.DestinationKind;
import io.cairnmq.engine.api.DestinationName;

import java.io.IOException;
import java.util.Objects;

/**
 * The key of one shard: the destination's qualified name and the shard index. Its partition
 * key spreads the shards of one destination over partitions (and so over members).
 */
public final class ShardKey implements PartitionAware<String>, IdentifiedDataSerializable {

    private String destination;
    private int index;

    public ShardKey() {
        // for deserialization
    }

    public ShardKey(String destination, int index) {
        this.destination = destination;
        this.index = index;
    }

    public String destination() {
        return destination;
    }

    /** The key as one string ({@code destination#index}), as transactions name their participants. */
    public String id() {
        return getPartitionKey();
    }

    /** The key named by {@link #id()}. */
    public static ShardKey parse(String id) {
        int hash = id.lastIndexOf('#');
        return new ShardKey(id.substring(0, hash), Integer.parseInt(id.substring(hash + 1)));
    }

    public int index() {
        return index;
    }

    /** Whether this shard belongs to a temporary destination, which dies with its connection. */
    public boolean isTemporary() {
        return destination.startsWith(DestinationName.TEMPORARY_PREFIX, destination.indexOf(':') + 1);
    }

    /** Whether this is a topic's entry, which holds the queues of the topic's subscriptions. */
    public boolean isTopic() {
        return destination.startsWith(DestinationKind.TOPIC.prefix());
    }

    @Override
    public String getPartitionKey() {
        return destination + '#' + index;
    }

    @Override
    public int getFactoryId() {
        return HzDataFactory.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.SHARD_KEY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(destination);
        out.writeInt(index);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        destination = in.readString();
        index = in.readInt();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardKey k && k.index == index && k.destination.equals(destination);
    }

    @Override
    public int hashCode() {
        return Objects.hash(destination, index);
    }

    @Override
    public String toString() {
        return destination + '#' + index;
    }
}
