package io.cairnmq.engine.hz.flow;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.queue.LongList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.HashSet;
import java.util.Set;

/**
 * A consumer's book of what it owes each shard: acknowledgements not yet sent, and messages
 * handed out to its caller and neither acknowledged nor released. Not thread-safe; the
 * consumer guards it with its lock.
 */
public final class ShardLedger {

    private final LongList[] pendingAcks;
    private final List<Set<Long>> handedOut;
    private final int ackBatch;
    /** Unconfirmed acknowledgements at which the consumer stops handing out (its prefetch). */
    private final int window;
    /** Acknowledged deliveries the shards have not confirmed yet: waiting to be sent, or on their way. */
    private int unconfirmed;

    public ShardLedger(int shards, int ackBatch, int window) {
        this.ackBatch = ackBatch;
        this.window = window;
        pendingAcks = new LongList[shards];
        handedOut = new ArrayList<>(shards);
        for (int i = 0; i < shards; i++) {
            pendingAcks[i] = new LongList();
            handedOut.add(new HashSet<>());
        }
    }

    /** A delivery acknowledged (without being handed out first). */
    public void acknowledged(int shard, long sequence) {
        pendingAcks[shard].add(sequence);
        unconfirmed++;
    }

    /** An acknowledgement sent that did not arrive: it waits to be sent again (still unconfirmed). */
    public void requeued(int shard, long sequence) {
        pendingAcks[shard].add(sequence);
    }

    /**
     * Acknowledgements the shard applied.
     *
     * @return whether this reopened the window: hand-outs, stopped while it was full, can go on
     */
    public boolean confirmed(int count) {
        boolean wasFull = unconfirmed >= window;
        unconfirmed = Math.max(0, unconfirmed - count);
        return wasFull && unconfirmed < window;
    }

    /** Acknowledged deliveries not confirmed by their shards yet. */
    public int unconfirmed() {
        return unconfirmed;
    }

    public void handedOut(int shard, long sequence) {
        handedOut.get(shard).add(sequence);
    }

    public void acknowledgedAfterHandOut(int shard, long sequence) {
        if (handedOut.get(shard).remove(sequence)) {
            pendingAcks[shard].add(sequence);
            unconfirmed++;
        }
    }

    /** @return whether the delivery was handed out and unsettled until now */
    public boolean released(int shard, long sequence) {
        return handedOut.get(shard).remove(sequence);
    }

    boolean batchDue(int shard) {
        return pendingAcks[shard].size() >= ackBatch;
    }

    public boolean anyBatchDue() {
        for (int i = 0; i < pendingAcks.length; i++) {
            if (batchDue(i)) {
                return true;
            }
        }
        return false;
    }

    public boolean anyAcks() {
        for (LongList acks : pendingAcks) {
            if (!acks.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    public long[] drainAcks(int shard) {
        long[] due = pendingAcks[shard].toArray();
        pendingAcks[shard].clear();
        return due;
    }

    public long[][] drainAllAcks() {
        long[][] due = new long[pendingAcks.length][];
        for (int i = 0; i < due.length; i++) {
            due[i] = drainAcks(i);
        }
        return due;
    }

    /** Turns every handed-out delivery into a pending acknowledgement. */
    public void acknowledgeAllHandedOut() {
        for (int i = 0; i < handedOut.size(); i++) {
            for (long sequence : sortedHandedOut(i)) {
                pendingAcks[i].add(sequence);
                unconfirmed++;
            }
            handedOut.get(i).clear();
        }
    }

    /** Whether any delivery was handed out and is neither acknowledged nor released. */
    public boolean anyHandedOut() {
        for (Set<Long> shard : handedOut) {
            if (!shard.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The handed-out deliveries per shard, in sequence order, taken out of the ledger. */
    public long[][] drainHandedOut() {
        long[][] handed = new long[handedOut.size()][];
        for (int i = 0; i < handed.length; i++) {
            handed[i] = sortedHandedOut(i);
            handedOut.get(i).clear();
        }
        return handed;
    }

    /** These deliveries per shard, in sequence order, taken out of the ledger if they were handed out. */
    public long[][] takeHandedOut(Collection<Delivery> deliveries) {
        List<Delivery> present = new ArrayList<>(deliveries.size());
        for (Delivery d : deliveries) {
            if (d.shard() < handedOut.size() && handedOut.get(d.shard()).remove(d.sequence())) {
                present.add(d);
            }
        }
        long[][] taken = byShard(handedOut.size(), present);
        for (long[] sequences : taken) {
            Arrays.sort(sequences);
        }
        return taken;
    }

    private long[] sortedHandedOut(int shard) {
        return handedOut.get(shard).stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** Everything owed, taken out of the ledger (on close). */
    public Outstanding drainEverything() {
        long[][] handed = drainHandedOut();
        return new Outstanding(drainAllAcks(), handed);
    }

    public static long[][] byShard(int shards, Collection<Delivery> deliveries) {
        LongList[] lists = new LongList[shards];
        for (int i = 0; i < shards; i++) {
            lists[i] = new LongList();
        }
        for (Delivery d : deliveries) {
            lists[d.shard()].add(d.sequence());
        }
        long[][] result = new long[shards][];
        for (int i = 0; i < shards; i++) {
            result[i] = lists[i].toArray();
        }
        return result;
    }

    /** Acknowledgements to send and handed-out messages to release, per shard. */
    public record Outstanding(long[][] acks, long[][] handedOut) {
    }
}
