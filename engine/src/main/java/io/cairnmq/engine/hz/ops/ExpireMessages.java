package io.cairnmq.engine.hz.ops;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.hz.member.ExpiryReply;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.LeaseDecision;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.topic.TopicState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The owner's periodic look for expired messages in every queue of an entry (a queue shard, or
 * each subscription of a topic), so that an expired backlog nobody consumes does not stay:
 * each queue's expired messages are dropped, or leased to the scanner's mover for the expiry
 * queue (see {@link ShardState#decideExpiry}). Messages only on disk are left to the consumers'
 * leases.
 */
public final class ExpireMessages extends ShardOperation<ExpiryReply> {

    private Holder scanner;
    private String token;
    /** Each changed queue's decision, by subscription ({@code ""} for a queue shard's own). */
    private Map<String, LeaseDecision> decisions = new LinkedHashMap<>();

    public ExpireMessages() {
        // for deserialization
    }

    public ExpireMessages(Holder scanner, String token) {
        this.scanner = scanner;
        this.token = token;
    }

    @Override
    protected ExpiryReply decideAndApplyOn(ShardEntry entry, int shardIndex) {
        ExpiryReply reply = new ExpiryReply();
        List<Holder> roomWaiters = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (String subscription : queuesOf(entry)) {
            ShardState queue = entry.queueOf(subscription);
            LeaseDecision d = queue.decideExpiry(scanner, token, now, policy());
            if (d.expired().length == 0 && d.moves().isEmpty()) {
                continue;
            }
            decisions.put(key(subscription), d);
            apply(queue, subscription, d);
            if (d.expired().length > 0) {
                roomWaiters.addAll(queue.takeRoomWaiters());
            }
            if (!d.moves().isEmpty()) {
                reply.add(subscription, queue.heldForMoving(d.moves().expired()));
            }
        }
        reply.wake(roomWaiters);
        return reply;
    }

    @Override
    protected void replayOn(ShardEntry entry) {
        decisions.forEach((key, d) -> {
            String subscription = key.isEmpty() ? null : key;
            ShardState queue = entry.queueOf(subscription);
            if (queue != null) {
                apply(queue, subscription, d);
                if (d.expired().length > 0) {
                    queue.takeRoomWaiters();
                }
            }
        });
    }

    /** Drops the expired messages (and their journal rows) and leases the others to the mover. */
    private void apply(ShardState queue, String subscription, LeaseDecision d) {
        ShardJournal.Rows gone = rowsOf(queue, subscription, d.expired());
        queue.applyLease(scanner, token, d);
        journal(versioned(queue, gone.queue(), gone.removed()));
    }

    private static List<String> queuesOf(ShardEntry entry) {
        if (entry instanceof TopicState topic) {
            return topic.subscriptionIds();
        }
        List<String> own = new ArrayList<>();
        own.add(null);
        return own;
    }

    private static String key(String subscription) {
        return subscription == null ? "" : subscription;
    }

    /** A shard that is not there (deleted since it was listed, or never used) has nothing to expire. */
    @Override
    protected boolean createsMissingEntry() {
        return false;
    }

    @Override
    protected ExpiryReply withoutEntry() {
        return new ExpiryReply();
    }

    /** The broker's own work: it does not make a recovered entry live. */
    @Override
    protected boolean marksLive() {
        return false;
    }

    @Override
    protected ShardOperation<ExpiryReply> backupCopy() {
        if (decisions.isEmpty()) {
            return null;
        }
        ExpireMessages copy = new ExpireMessages(scanner, token);
        copy.decisions = decisions;
        return copy;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.EXPIRE_MESSAGES;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        ShardCodec.writeHolder(out, scanner);
        out.writeString(token);
        if (backup) {
            out.writeInt(decisions.size());
            for (Map.Entry<String, LeaseDecision> e : decisions.entrySet()) {
                LongStrings.writeNullable(out, e.getKey());
                ShardCodec.writeLease(out, e.getValue());
            }
        }
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        scanner = ShardCodec.readHolder(in);
        token = in.readString();
        if (backup) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                decisions.put(LongStrings.readNullable(in), ShardCodec.readLease(in));
            }
        }
    }
}
