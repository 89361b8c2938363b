package io.cairnmq.engine.hz.ops;

import io.cairnmq.engine.api.DestinationLimits;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.hz.member.SendReply;
import io.cairnmq.engine.queue.EnqueueDecision;
import io.cairnmq.engine.queue.HandedOff;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.queue.ShardState;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import io.cairnmq.engine.topic.FanOut;
import io.cairnmq.engine.topic.Origin;
import io.cairnmq.engine.topic.TopicCodec;
import io.cairnmq.engine.topic.TopicState;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Sends to one entry of the shard map: a batch enqueued on a queue shard, or published on a
 * topic (fanned out into its subscriptions). Holds the owner's decision, so that replicas apply
 * the same one, and says what the change journals. A producer's batch and a transaction's
 * commit both send this way.
 */
final class EntrySends {

    /** On a queue shard: where each message goes. */
    private EnqueueDecision enqueue;
    /** On a topic: what each subscription takes. */
    private FanOut fanOut;

    /** A reply's parts: who gets messages at once, who is woken, whether some went to disk only. */
    record Sent(SendReply reply, List<JournalRecord> records) {
    }

    /**
     * Owner: decides where the batch goes and applies it.
     *
     * @return the reply parts and the records to journal (with the changed queues' versions)
     */
    Sent decideAndApply(ShardOperation<?> op, ShardEntry entry, String producerId, long batchNumber,
                        List<MessageRecord> messages, Origin origin) {
        if (entry instanceof TopicState topic) {
            long topicBudget = op.member().memoryBudget(op.currentKey().destination(), topic.residentBytes());
            fanOut = topic.decideFanOut(producerId, batchNumber, messages, origin, op.memberId(),
                    System.currentTimeMillis(), id -> op.spillQueue(id) == null ? Long.MAX_VALUE : topicBudget);
            TopicState.Published published = topic.applyFanOut(producerId, batchNumber, messages, fanOut);
            boolean spilled = fanOut.parts().stream().anyMatch(p -> p.enqueue().resident() < p.picked().length);
            SendReply reply = SendReply.sent(published.handedOff());
            reply.wakeAsStamped(published.woken());
            return new Sent(reply.writeBeforeMore(spilled), records(op, topic, messages));
        }
        ShardState state = (ShardState) entry;
        enqueue = state.decideEnqueue(producerId, batchNumber, messages, op.memberId(), System.currentTimeMillis(),
                op.memoryBudget(state), op.policy());
        long[] replacedRows = replacedRows(op, state, messages);
        List<HandedOff> handedOff = state.applyEnqueue(producerId, batchNumber, messages, enqueue);
        SendReply reply = SendReply.sent(handedOff);
        reply.wake(enqueue.woken());
        return new Sent(reply.writeBeforeMore(enqueue.resident() < messages.size()),
                records(op, state, messages, replacedRows));
    }

    /**
     * The journal rows of the messages a last-value batch replaces, found before it is applied:
     * those already waiting, and those of the batch itself that it journals.
     */
    private long[] replacedRows(ShardOperation<?> op, ShardState state, List<MessageRecord> batch) {
        QueueAddress queue = op.journaledQueue();
        if (enqueue.replaced().length == 0 || queue == null) {
            return new long[0];
        }
        LongStream.Builder rows = LongStream.builder();
        for (long sequence : ShardJournal.persistent(queue, state, enqueue.replaced())) {
            rows.add(sequence);
        }
        for (long sequence : enqueue.replaced()) {
            long index = sequence - enqueue.firstSequence();
            if (index >= 0 && index < enqueue.resident() && batch.get((int) index).persistent()) {
                rows.add(sequence);
            }
        }
        return rows.build().toArray();
    }

    /** Replica: applies the owner's decision; returns the records to journal. */
    List<JournalRecord> replay(ShardOperation<?> op, ShardEntry entry, String producerId, long batchNumber,
                               List<MessageRecord> messages) {
        if (fanOut != null && entry instanceof TopicState topic) {
            topic.applyFanOut(producerId, batchNumber, messages, fanOut);
            return records(op, topic, messages);
        }
        if (enqueue != null && entry instanceof ShardState state) {
            long[] replacedRows = replacedRows(op, state, messages);
            state.applyEnqueue(producerId, batchNumber, messages, enqueue);
            return records(op, state, messages, replacedRows);
        }
        return List.of();
    }

    /** Whether the owner's decision changed anything (a retried batch changes nothing). */
    boolean changed() {
        return fanOut != null ? !fanOut.parts().isEmpty() : enqueue != null && !enqueue.duplicate();
    }

    boolean decided() {
        return fanOut != null || enqueue != null;
    }

    /**
     * A queue's persistent messages (and spilled bodies) go to the journal, unless the batch was a
     * retry; the rows of the messages it replaced (a last-value queue) go.
     */
    private List<JournalRecord> records(ShardOperation<?> op, ShardState state, List<MessageRecord> batch,
                                        long[] replacedRows) {
        if (enqueue.duplicate()) {
            return List.of();
        }
        QueueAddress queue = op.journaledQueue();
        List<JournalRecord> stored = ShardJournal.stored(queue, true, enqueue.firstSequence(), batch,
                enqueue.resident());
        if (replacedRows.length > 0) {
            stored = new ArrayList<>(stored);
            stored.addAll(ShardJournal.removed(queue, replacedRows));
        }
        return op.versioned(state, queue, stored);
    }

    /**
     * What went into the subscriptions: a durable one's persistent messages and spilled bodies, a
     * non-durable one's spilled bodies.
     */
    private List<JournalRecord> records(ShardOperation<?> op, TopicState topic, List<MessageRecord> messages) {
        List<JournalRecord> records = new ArrayList<>();
        for (FanOut.Part part : fanOut.parts()) {
            if (!part.enqueue().duplicate()) {
                QueueAddress durable = op.journaledQueue(part.subscription());
                QueueAddress address = durable != null ? durable : op.spillQueue(part.subscription());
                records.addAll(op.versioned(topic.queueOf(part.subscription()), address, ShardJournal.stored(address,
                        durable != null, part.enqueue().firstSequence(), part.pickFrom(messages),
                        part.enqueue().resident())));
            }
        }
        return records;
    }

    // ------------------------------------------------------------------ limits

    /**
     * Why {@code batch} does not fit the destination's limits (its share of them on this shard)
     * in {@code queue}, named {@code what}, or null when it fits or the destination spills
     * instead of limiting.
     */
    static String fullness(ShardOperation<?> op, ShardState queue, List<MessageRecord> batch, String what) {
        DestinationLimits limits = op.member().limitsOf(op.currentKey().destination());
        if (!limits.enforced()) {
            return null;
        }
        int shards = op.member().shardsOf(op.currentKey().destination());
        long maxMessages = limits.maxMessages() == Long.MAX_VALUE ? Long.MAX_VALUE : limits.maxMessages() / shards;
        long maxBytes = limits.maxBytes() == Long.MAX_VALUE ? Long.MAX_VALUE : limits.maxBytes() / shards;
        long bytes = 0;
        for (MessageRecord m : batch) {
            bytes += m.estimatedSize();
        }
        if (queue.depth() + batch.size() > maxMessages) {
            return what + " is full: it holds " + queue.depth() + " message(s) and " + batch.size()
                    + " more would pass maxMessages=" + limits.maxMessages();
        }
        if (queue.depthBytes() + bytes > maxBytes) {
            return what + " is full: it holds " + queue.depthBytes() + " bytes and " + bytes
                    + " more would pass maxBytes=" + limits.maxBytes();
        }
        return null;
    }

    /** Why a batch does not fit one of the queues it would go to; null when it fits everywhere. */
    record Full(String why, ShardState queue, String subscription) {
    }

    /**
     * Whether the batch fits: on a topic, every subscription that would take some of it (a
     * publish reaches every subscription or none); a batch applied before (a retry) always does.
     */
    static Full fullness(ShardOperation<?> op, ShardEntry entry, String producerId, long batchNumber,
                         List<MessageRecord> messages, Origin origin) {
        if (messages.isEmpty()) {
            // Nothing to add (a transaction that only acknowledges): a full queue must still let it drain.
            return null;
        }
        if (entry instanceof TopicState topic) {
            if (!op.member().limitsOf(op.currentKey().destination()).enforced()) {
                return null;
            }
            for (String id : topic.subscriptionIds()) {
                ShardState queue = topic.queueOf(id);
                List<MessageRecord> taken = topic.takenBy(id, messages, origin);
                String full = taken.isEmpty() || queue.isApplied(producerId, batchNumber) ? null
                        : fullness(op, queue, taken, op.currentKey() + " (subscription " + id + ")");
                if (full != null) {
                    return new Full(full, queue, id);
                }
            }
            return null;
        }
        ShardState state = (ShardState) entry;
        String full = state.isApplied(producerId, batchNumber) ? null
                : fullness(op, state, messages, op.currentKey().toString());
        return full == null ? null : new Full(full, state, null);
    }

    // ------------------------------------------------------------------ replicas

    void write(DataOutput out) throws IOException {
        out.writeByte(fanOut != null ? 1 : enqueue != null ? 2 : 0);
        if (fanOut != null) {
            TopicCodec.writeFanOut(out, fanOut);
        } else if (enqueue != null) {
            ShardCodec.writeEnqueue(out, enqueue);
        }
    }

    void read(DataInput in) throws IOException {
        byte kind = in.readByte();
        if (kind == 1) {
            fanOut = TopicCodec.readFanOut(in);
        } else if (kind == 2) {
            enqueue = ShardCodec.readEnqueue(in);
        }
    }

    /** A copy of the decision, for a replica's copy of the operation. */
    EntrySends copy() {
        EntrySends copy = new EntrySends();
        copy.enqueue = enqueue;
        copy.fanOut = fanOut;
        return copy;
    }
}
