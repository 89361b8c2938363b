package io.cairnmq.engine.topic;

import io.cairnmq.engine.api.SubscriptionKind;
import io.cairnmq.engine.tx.TransactionCodec;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ShardCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Binary form of a whole topic (for migration and replicas) and of the decisions backups replay. */
public final class TopicCodec {

    private TopicCodec() {
    }

    public static void writeTopic(DataOutput out, TopicState topic) throws IOException {
        out.writeBoolean(topic.live);
        out.writeLong(topic.subscriptionsVersion);
        out.writeLong(topic.recoveredSubscriptionsVersion);
        out.writeInt(topic.subscriptions.size());
        for (Subscription s : topic.subscriptions.values()) {
            out.writeUTF(s.id);
            writeDefinition(out, s.definition);
            ShardCodec.writeHolders(out, List.copyOf(s.consumers));
            ShardCodec.writeShard(out, s.queue);
        }
        TransactionCodec.writeTransactions(out, topic.transactions);
    }

    public static TopicState readTopic(DataInput in) throws IOException {
        TopicState topic = new TopicState();
        topic.live = in.readBoolean();
        topic.subscriptionsVersion = in.readLong();
        topic.recoveredSubscriptionsVersion = in.readLong();
        for (int i = in.readInt(); i > 0; i--) {
            String id = in.readUTF();
            SubscriptionDefinition definition = readDefinition(in);
            List<Holder> consumers = ShardCodec.readHolders(in);
            Subscription s = new Subscription(id, definition, ShardCodec.readShard(in));
            s.consumers.addAll(consumers);
            topic.subscriptions.put(id, s);
        }
        TransactionCodec.readTransactions(in, topic.transactions);
        return topic;
    }

    public static void writeDefinition(DataOutput out, SubscriptionDefinition d) throws IOException {
        out.writeByte(d.kind().ordinal());
        LongStrings.writeNullable(out, d.selector());
        out.writeBoolean(d.noLocal());
        LongStrings.writeNullable(out, d.noLocalScope());
    }

    public static SubscriptionDefinition readDefinition(DataInput in) throws IOException {
        return new SubscriptionDefinition(SubscriptionKind.values()[in.readByte()], LongStrings.readNullable(in),
                in.readBoolean(), LongStrings.readNullable(in));
    }

    public static void writeFanOut(DataOutput out, FanOut fanOut) throws IOException {
        out.writeInt(fanOut.parts().size());
        for (FanOut.Part part : fanOut.parts()) {
            out.writeUTF(part.subscription());
            out.writeInt(part.picked().length);
            for (int i : part.picked()) {
                out.writeInt(i);
            }
            ShardCodec.writeEnqueue(out, part.enqueue());
        }
    }

    public static FanOut readFanOut(DataInput in) throws IOException {
        int n = in.readInt();
        List<FanOut.Part> parts = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            String id = in.readUTF();
            int[] picked = new int[in.readInt()];
            for (int i = 0; i < picked.length; i++) {
                picked[i] = in.readInt();
            }
            parts.add(new FanOut.Part(id, picked, ShardCodec.readEnqueue(in)));
        }
        return new FanOut(parts);
    }

    public static void writeGoneRelease(DataOutput out, GoneRelease decision) throws IOException {
        out.writeInt(decision.parts().size());
        for (GoneRelease.Part part : decision.parts()) {
            out.writeUTF(part.subscription());
            ShardCodec.writeRelease(out, part.release());
            ShardCodec.writeHolders(out, part.detached());
            out.writeBoolean(part.drop());
        }
    }

    public static GoneRelease readGoneRelease(DataInput in) throws IOException {
        int n = in.readInt();
        List<GoneRelease.Part> parts = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            parts.add(new GoneRelease.Part(in.readUTF(), ShardCodec.readRelease(in), ShardCodec.readHolders(in),
                    in.readBoolean()));
        }
        return new GoneRelease(parts);
    }
}
