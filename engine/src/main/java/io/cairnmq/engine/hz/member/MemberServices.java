package io.cairnmq.engine.hz.member;

import io.cairnmq.engine.api.DeliveryPolicy;
import io.cairnmq.engine.api.DestinationLimits;
import io.cairnmq.engine.store.Journal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * What a shard operation running on a partition thread needs of its member's engine: the journal
 * to queue its records in, the memory meter and limits that decide what spills to disk, the
 * page-in scheduler that brings spilled messages back, and what the member knows of the shards it
 * holds. An operation finds them in its member's {@link MemberContext}.
 */
public final class MemberServices {

    private final Journal journal;
    private final long memoryLimit;
    private final long destinationMemoryLimit;
    private final ToIntFunction<String> shardsOf;
    private final Function<String, DestinationLimits> limitsOf;
    private final Function<String, DeliveryPolicy> policyOf;
    private final PageInScheduler pageIns;
    private final ReplicaAdoption replicas;
    /** Bytes of messages held in memory by every shard on this member, owned or backed up. */
    private final AtomicLong residentBytes = new AtomicLong();
    /** The same, shard by shard. */
    private final Map<ShardKey, Long> residentByShard = new ConcurrentHashMap<>();
    /** Tokens of replica checks that reached this member as a holder of their shard. */
    private final java.util.Set<Long> heldConfirmations = ConcurrentHashMap.newKeySet();
    /**
     * Shards whose rows this member's journal holds in full: it has held them since they were
     * created, or since it copied them in after receiving them.
     */
    private final java.util.Set<ShardKey> journaledInFull = ConcurrentHashMap.newKeySet();
    /** Shards this member holds in memory whose disk backlog it is still copying into its journal. */
    private final java.util.Set<ShardKey> adopting = ConcurrentHashMap.newKeySet();

    /** For the engine, which serves them on its member (see {@link MemberContext#serve}). */
    public MemberServices(Journal journal, long memoryLimit, long destinationMemoryLimit,
                          ToIntFunction<String> shardsOf, Function<String, DestinationLimits> limitsOf,
                          Function<String, DeliveryPolicy> policyOf, PageInScheduler pageIns,
                          ReplicaAdoption replicas) {
        this.journal = journal;
        this.memoryLimit = memoryLimit;
        this.destinationMemoryLimit = destinationMemoryLimit;
        this.shardsOf = shardsOf;
        this.limitsOf = limitsOf;
        this.policyOf = policyOf;
        this.pageIns = pageIns;
        this.replicas = replicas;
    }

    /** The services of a member no engine serves on: a journal that keeps nothing, and no limits. */
    static MemberServices none() {
        return new MemberServices(Journal.NONE, Long.MAX_VALUE, Long.MAX_VALUE, destination -> 1,
                destination -> DestinationLimits.unlimited(Integer.MAX_VALUE), destination -> DeliveryPolicy.KEEP,
                null, null);
    }

    public Journal journal() {
        return journal;
    }

    /**
     * On a partition thread, after a change of a shard held here: the bytes it holds in memory
     * now. Kept per shard, so that a shard that leaves this member (a partition moving away)
     * takes its bytes with it when it is forgotten.
     */
    public void residentIs(ShardKey key, long bytes) {
        Long before = bytes == 0 ? residentByShard.remove(key) : residentByShard.put(key, bytes);
        long delta = bytes - (before == null ? 0 : before);
        if (delta != 0) {
            residentBytes.addAndGet(delta);
        }
    }

    /** The shard is no longer held here (it moved away, or was deleted): its bytes no longer count. */
    public void forgetResident(ShardKey key) {
        journaledInFull.remove(key);
        Long before = residentByShard.remove(key);
        if (before != null) {
            residentBytes.addAndGet(-before);
        }
    }

    /** Bytes of messages held in memory on this member. */
    public long residentBytes() {
        return residentBytes.get();
    }

    /**
     * How many more bytes a shard of {@code destination} holding {@code shardBytes} may keep in
     * memory: its share of the destination's limit, within what the member has left.
     */
    public long memoryBudget(String destination, long shardBytes) {
        if (memoryLimit == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long shardLimit = destinationMemoryLimit / Math.max(1, shardsOf.applyAsInt(destination));
        return Math.min(shardLimit - shardBytes, memoryLimit - residentBytes.get());
    }

    /** The limits of a destination (qualified name), as this member's configuration says. */
    public DestinationLimits limitsOf(String destination) {
        return limitsOf.apply(destination);
    }

    /**
     * What a destination (qualified name) does with failed deliveries and expired messages, as
     * this member's configuration says; the shard's owner decides with it, and its backups replay
     * the decisions.
     */
    public DeliveryPolicy policyOf(String destination) {
        return policyOf.apply(destination);
    }

    /** The shard count of a destination as far as this member knows (1 when it has not seen it). */
    public int shardsOf(String destination) {
        return Math.max(1, shardsOf.applyAsInt(destination));
    }

    /** The page-in scheduler; null for a member without one. */
    public PageInScheduler pageIns() {
        return pageIns;
    }

    /** What keeps this member's journal in step with the shards it holds; null for a member without one. */
    ReplicaAdoption replicas() {
        return replicas;
    }

    /** On a partition thread: a replica check with this token found the shard held here. */
    public void confirmHolding(long token) {
        heldConfirmations.add(token);
    }

    /** Whether the replica check with this token found the shard held here; forgets the token. */
    public boolean takeHoldingConfirmation(long token) {
        return heldConfirmations.remove(token);
    }

    /**
     * The shard's rows are all in this member's journal: on a partition thread when the shard
     * is created here (it has been journaled here from its first message on), or once a
     * member that received it has copied it in.
     */
    public void journaledInFull(ShardKey key) {
        journaledInFull.add(key);
    }

    /** Whether the shard's rows are all in this member's journal (a holder that never stopped holding it). */
    public boolean isJournaledInFull(ShardKey key) {
        return journaledInFull.contains(key);
    }

    /** On a partition thread: this member became a holder of the shard and copies its disk backlog. */
    public void startAdopting(ShardKey key) {
        adopting.add(key);
    }

    /**
     * Whether this member is still copying the shard's disk backlog: while it is, what a page-in
     * brings into memory is journaled here too, since its row may not have been copied.
     */
    public boolean isAdopting(ShardKey key) {
        return !adopting.isEmpty() && adopting.contains(key);
    }

    /** The copy of the shard's disk backlog into this member's journal has ended. */
    public void endAdopting(ShardKey key) {
        adopting.remove(key);
    }
}
