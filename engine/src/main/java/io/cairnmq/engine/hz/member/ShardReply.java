package io.cairnmq.engine.hz.member;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.queue.Wake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What every change of a shard answers: whether it was done or refused (and why), the waiters it
 * woke, each at its queue's waiter version, and where it was journaled. Each family of
 * operations answers with a subclass that adds only what it says more: {@link SendReply},
 * {@link LeaseReply}, {@link TopicReply}, {@link RestoreReply}, {@link ResolveReply}, {@link
 * ReplicaCheckReply}; {@link ChangeReply} for the changes that say nothing more. Reads, which
 * change nothing, answer with values of their own ({@link StatsReply}, {@link BrowseReply},
 * {@link TransactionsReply}).
 */
public abstract class ShardReply implements IdentifiedDataSerializable {

    /** Why the change was refused; null when it was done. */
    private String refusal;
    private List<Wake> woken = List.of();
    private long waiterVersion;
    /** The member whose journal holds this change's records, and the ticket to wait for (0: none). */
    private String journalMember;
    private long journalTicket;

    /** A change that was done and woke nobody. */
    protected ShardReply() {
    }

    /** Why the change was refused (nothing changed); null when it was done. */
    public final String refusal() {
        return refusal;
    }

    /** Marks {@code reply} refused, for {@code why} (nothing changed); returns it. For the subclasses' factories. */
    protected static <R extends ShardReply> R refusing(R reply, String why) {
        ((ShardReply) reply).refusal = why;
        return reply;
    }

    /** Waiters to wake, each with its queue's waiter version. */
    public final List<Wake> woken() {
        return woken;
    }

    /** Also wakes these waiters, at the queue's version once the change is applied. */
    public final void wake(List<Holder> waiters) {
        if (!waiters.isEmpty()) {
            List<Wake> all = new ArrayList<>(woken);
            waiters.forEach(h -> all.add(Wake.unstamped(h)));
            woken = all;
        }
    }

    /** Wakes these waiters, each at the version it carries (a topic's, from several subscriptions). */
    public final void wakeAsStamped(List<Wake> waiters) {
        woken = waiters;
    }

    /**
     * Stamps the queue's waiter version after the operation on the reply and on the wake-ups
     * that do not carry their own.
     */
    public final void atWaiterVersion(long version) {
        this.waiterVersion = version;
        if (woken.stream().anyMatch(w -> w.waiterVersion() == Wake.UNSTAMPED)) {
            woken = woken.stream()
                    .map(w -> w.waiterVersion() == Wake.UNSTAMPED ? new Wake(w.waiter(), version) : w)
                    .toList();
        }
    }

    /** The shard's waiter version after the operation: orders what the reply says about waiting. */
    public final long waiterVersion() {
        return waiterVersion;
    }

    /** The owner woke its own waiters: only those of other members are left for the caller. */
    final void wokenElsewhere(List<Wake> waiters) {
        woken = waiters;
    }

    /** Records that the change is in {@code member}'s journal under {@code ticket}. */
    public final void journaledAs(String member, long ticket) {
        this.journalMember = member;
        this.journalTicket = ticket;
    }

    /** The member whose journal holds this change, or null when nothing was journaled. */
    public final String journalMember() {
        return journalTicket == 0 ? null : journalMember;
    }

    /** The journal ticket to wait for before the change is durable; 0 when nothing was journaled. */
    public final long journalTicket() {
        return journalTicket;
    }

    @Override
    public final int getFactoryId() {
        return HzDataFactory.FACTORY_ID;
    }

    @Override
    public final void writeData(ObjectDataOutput out) throws IOException {
        LongStrings.writeNullable(out, refusal);
        out.writeInt(woken.size());
        for (Wake w : woken) {
            ShardCodec.writeHolder(out, w.waiter());
            out.writeLong(w.waiterVersion());
        }
        out.writeLong(waiterVersion);
        LongStrings.writeNullable(out, journalMember);
        out.writeLong(journalTicket);
        writeFields(out);
    }

    @Override
    public final void readData(ObjectDataInput in) throws IOException {
        refusal = LongStrings.readNullable(in);
        int wakes = in.readInt();
        List<Wake> read = new ArrayList<>(wakes);
        for (int i = 0; i < wakes; i++) {
            read.add(new Wake(ShardCodec.readHolder(in), in.readLong()));
        }
        woken = read;
        waiterVersion = in.readLong();
        journalMember = LongStrings.readNullable(in);
        journalTicket = in.readLong();
        readFields(in);
    }

    /** Writes what the subclass adds. */
    protected abstract void writeFields(ObjectDataOutput out) throws IOException;

    /** Reads what the subclass adds. */
    protected abstract void readFields(ObjectDataInput in) throws IOException;
}
