package io.cairnmq.engine.hz.member;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.queue.HandedOff;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.queue.Wake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a shard operation answers: messages it leased, waiters the caller must wake, the
 * shard's counts after the change, and whether a lease left its requester waiting.
 */
public final class ShardReply implements IdentifiedDataSerializable {

    private List<StoredMessage> messages;
    private List<Wake> woken;
    private int ready;
    private int leased;
    private boolean waiting;
    private List<HandedOff> handedOff = List.of();
    private long waiterVersion;
    private long nextDue;
    /** For a topic operation that was refused: why; null when it was done. */
    private String refusal;
    /** For a detach: the subscription went with its last consumer. */
    private boolean dropped;
    /** The member whose journal holds this change's records, and the ticket to wait for (0: none). */
    private String journalMember;
    private long journalTicket;
    /**
     * For an enqueue: its sender waits until the journal wrote it before sending more (some of its
     * messages went to disk only, or the journal is behind).
     */
    private boolean writeBeforeMore;
    /** For a replica check: the queues of the shard (subscription ids, "" for a queue shard) with a disk backlog. */
    private List<String> spilledQueues = List.of();
    /** For a coordinator's answer about a transaction: committed or aborted. */
    private io.cairnmq.engine.tx.Outcome outcome;
    /** For a read of an entry's transactions: prepared ones (id to coordinator and committer). */
    private Map<String, List<String>> prepared = Map.of();
    /** For a read of an entry's transactions: the decisions it coordinates (id to other participants). */
    private Map<String, List<String>> committed = Map.of();

    public ShardReply() {
        // for deserialization
    }

    public ShardReply(List<StoredMessage> messages, List<Holder> woken, int ready, int leased) {
        this(messages, woken, ready, leased, false);
    }

    public ShardReply(List<StoredMessage> messages, List<Holder> woken, int ready, int leased, boolean waiting) {
        this.messages = messages;
        this.woken = woken.isEmpty() ? List.of() : woken.stream().map(Wake::unstamped).toList();
        this.ready = ready;
        this.leased = leased;
        this.waiting = waiting;
    }

    public List<StoredMessage> messages() {
        return messages;
    }

    /** Waiters to wake, each with its queue's waiter version. */
    public List<Wake> woken() {
        return woken;
    }

    public int ready() {
        return ready;
    }

    public int leased() {
        return leased;
    }

    /** An enqueue's reply: the messages it handed straight to waiting consumers, and those it woke. */
    public static ShardReply enqueued(List<HandedOff> handedOff, List<Holder> woken, int ready, int leased) {
        ShardReply reply = new ShardReply(List.of(), woken, ready, leased, false);
        reply.handedOff = handedOff;
        return reply;
    }

    /** Also wakes these waiters (producers told of room), at the queue's version; returns this reply. */
    public ShardReply wakingToo(List<Holder> more) {
        if (!more.isEmpty()) {
            List<Wake> all = new ArrayList<>(woken);
            more.forEach(h -> all.add(Wake.unstamped(h)));
            woken = all;
        }
        return this;
    }

    /** A change that was done and says nothing more. */
    public static ShardReply done() {
        return new ShardReply(List.of(), List.of(), 0, 0, false);
    }

    /** A change that was refused, and why: nothing changed. */
    public static ShardReply refused(String why) {
        return done().withOutcome(why, false);
    }

    /** A coordinator's answer about a transaction. */
    public static ShardReply resolved(io.cairnmq.engine.tx.Outcome outcome) {
        ShardReply reply = new ShardReply(List.of(), List.of(), 0, 0, false);
        reply.outcome = outcome;
        return reply;
    }

    /**
     * What an entry holds of transactions.
     *
     * @param prepared  prepared transactions: id to its coordinator's and its committer's ids
     * @param committed decisions the entry coordinates: id to the other participants' keys
     */
    public static ShardReply transactions(Map<String, List<String>> prepared, Map<String, List<String>> committed) {
        ShardReply reply = done();
        reply.prepared = prepared;
        reply.committed = committed;
        return reply;
    }

    /**
     * For a read of an entry's transactions: those prepared there, by id, each with its
     * coordinator and committer and, for one its caller decides, every entry it spans.
     */
    public Map<String, List<String>> preparedTransactions() {
        return prepared;
    }

    public Map<String, List<String>> committedTransactions() {
        return committed;
    }

    /** For a coordinator's answer: what it says of the transaction; null otherwise. */
    public io.cairnmq.engine.tx.Outcome outcome() {
        return outcome;
    }

    /** A topic's reply, whose wake-ups come from several subscriptions, each at its own version. */
    public static ShardReply fannedOut(List<HandedOff> handedOff, List<Wake> woken, int ready, int leased) {
        ShardReply reply = new ShardReply(List.of(), List.of(), ready, leased, false);
        reply.handedOff = handedOff;
        reply.woken = woken;
        return reply;
    }

    /**
     * Stamps the queue's waiter version after the operation on the reply and on the wake-ups
     * that do not carry their own; returns this reply.
     */
    public ShardReply atWaiterVersion(long version) {
        this.waiterVersion = version;
        if (woken.stream().anyMatch(w -> w.waiterVersion() == Wake.UNSTAMPED)) {
            woken = woken.stream()
                    .map(w -> w.waiterVersion() == Wake.UNSTAMPED ? new Wake(w.waiter(), version) : w)
                    .toList();
        }
        return this;
    }

    /** The hand-offs were delivered on the shard's owner: nothing left for the caller to deliver. */
    void handedOffDelivered() {
        handedOff = List.of();
    }

    /** The owner woke its own waiters: only those of other members are left for the caller. */
    void wokenElsewhere(List<Wake> waiters) {
        woken = waiters;
    }

    /** For a lease: when the earliest delayed message becomes due (epoch millis), 0 for none. */
    public long nextDue() {
        return nextDue;
    }

    /** Stamps when the earliest delayed message becomes due; returns this reply. */
    public ShardReply dueAt(long millis) {
        this.nextDue = millis;
        return this;
    }

    /** Marks an enqueue whose sender waits for the journal's write before sending more; returns this reply. */
    public ShardReply writeBeforeMore(boolean wait) {
        this.writeBeforeMore |= wait;
        return this;
    }

    /**
     * For an enqueue: whether its sender waits until the journal wrote it before sending more.
     * Messages that went to disk only are held by the journal's queue until written, and a
     * journal behind its disk must not queue without bound: the producer is slowed down instead.
     */
    public boolean writeBeforeMore() {
        return writeBeforeMore;
    }

    /** A replica check's reply: the queues with a disk backlog, by subscription id ("" for a queue shard). */
    public static ShardReply replicaChecked(List<String> spilledQueues) {
        ShardReply reply = new ShardReply(List.of(), List.of(), 0, 0, false);
        reply.spilledQueues = spilledQueues;
        return reply;
    }

    /** For a replica check: the shard's queues with a disk backlog, by subscription id ("" for a queue shard). */
    public List<String> spilledQueues() {
        return spilledQueues;
    }

    /** A topic operation's reply: refused (and why), or done. */
    public static ShardReply topicChange(String refusal, boolean dropped) {
        return new ShardReply(List.of(), List.of(), 0, 0, false).withOutcome(refusal, dropped);
    }

    /**
     * An enqueue refused because the destination is full.
     *
     * @param waitsForRoom the producer is registered to be told when messages leave
     */
    public static ShardReply full(String why, boolean waitsForRoom) {
        return new ShardReply(List.of(), List.of(), 0, 0, waitsForRoom).withOutcome(why, false);
    }

    /** Adds what a topic operation did to this reply; returns this reply. */
    public ShardReply withOutcome(String why, boolean subscriptionDropped) {
        this.refusal = why;
        this.dropped = subscriptionDropped;
        return this;
    }

    /** Records that the change is in {@code member}'s journal under {@code ticket}; returns this reply. */
    public ShardReply journaledAs(String member, long ticket) {
        this.journalMember = member;
        this.journalTicket = ticket;
        return this;
    }

    /** The member whose journal holds this change, or null when nothing was journaled. */
    public String journalMember() {
        return journalTicket == 0 ? null : journalMember;
    }

    /** The journal ticket to wait for before the change is durable; 0 when nothing was journaled. */
    public long journalTicket() {
        return journalTicket;
    }

    /** Why an operation was refused (a full destination, a topic rule); null when it was done. */
    public String refusal() {
        return refusal;
    }

    /** Whether a detach dropped the subscription with its last consumer. */
    public boolean dropped() {
        return dropped;
    }

    /** The shard's waiter version after the operation: orders what the reply says about waiting. */
    public long waiterVersion() {
        return waiterVersion;
    }

    /** For an enqueue: messages leased straight to consumers waiting on the producer's member. */
    public List<HandedOff> handedOff() {
        return handedOff;
    }

    /** For a lease: the shard had nothing more ready, so the requester is now a waiter there. */
    public boolean waiting() {
        return waiting;
    }

    @Override
    public int getFactoryId() {
        return HzDataFactory.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return HzDataFactory.SHARD_REPLY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        ShardCodec.writeStoredList(out, messages);
        out.writeInt(woken.size());
        for (Wake w : woken) {
            ShardCodec.writeHolder(out, w.waiter());
            out.writeLong(w.waiterVersion());
        }
        out.writeInt(ready);
        out.writeInt(leased);
        out.writeBoolean(waiting);
        out.writeLong(waiterVersion);
        out.writeLong(nextDue);
        LongStrings.writeNullable(out, refusal);
        out.writeBoolean(dropped);
        LongStrings.writeNullable(out, journalMember);
        out.writeLong(journalTicket);
        out.writeInt(handedOff.size());
        for (HandedOff h : handedOff) {
            ShardCodec.writeHolder(out, h.holder());
            ShardCodec.writeStoredList(out, h.messages());
            out.writeBoolean(h.stillWaiting());
            out.writeLong(h.waiterVersion());
            LongStrings.writeNullable(out, h.subscription());
        }
        out.writeBoolean(writeBeforeMore);
        out.writeInt(spilledQueues.size());
        for (String q : spilledQueues) {
            out.writeString(q);
        }
        out.writeByte(outcome == null ? -1 : outcome.ordinal());
        writeIdLists(out, prepared);
        writeIdLists(out, committed);
    }

    private static void writeIdLists(ObjectDataOutput out, Map<String, List<String>> lists) throws IOException {
        out.writeInt(lists.size());
        for (Map.Entry<String, List<String>> e : lists.entrySet()) {
            out.writeString(e.getKey());
            io.cairnmq.engine.tx.TransactionCodec.writeIds(out, e.getValue());
        }
    }

    private static Map<String, List<String>> readIdLists(ObjectDataInput in) throws IOException {
        int n = in.readInt();
        Map<String, List<String>> lists = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            lists.put(in.readString(), io.cairnmq.engine.tx.TransactionCodec.readIds(in));
        }
        return lists;
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        messages = ShardCodec.readStoredList(in);
        int wakes = in.readInt();
        List<Wake> readWakes = new ArrayList<>(wakes);
        for (int i = 0; i < wakes; i++) {
            readWakes.add(new Wake(ShardCodec.readHolder(in), in.readLong()));
        }
        woken = readWakes;
        ready = in.readInt();
        leased = in.readInt();
        waiting = in.readBoolean();
        waiterVersion = in.readLong();
        nextDue = in.readLong();
        refusal = LongStrings.readNullable(in);
        dropped = in.readBoolean();
        journalMember = LongStrings.readNullable(in);
        journalTicket = in.readLong();
        int n = in.readInt();
        handedOff = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            handedOff.add(new HandedOff(ShardCodec.readHolder(in), ShardCodec.readStoredList(in), in.readBoolean(),
                    in.readLong(), LongStrings.readNullable(in)));
        }
        writeBeforeMore = in.readBoolean();
        int queues = in.readInt();
        spilledQueues = new ArrayList<>(queues);
        for (int i = 0; i < queues; i++) {
            spilledQueues.add(in.readString());
        }
        byte outcomeIndex = in.readByte();
        outcome = outcomeIndex < 0 ? null : io.cairnmq.engine.tx.Outcome.values()[outcomeIndex];
        prepared = readIdLists(in);
        committed = readIdLists(in);
    }
}
