package io.cairnmq.engine.hz.replica;

import com.hazelcast.cluster.Member;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.cairnmq.engine.hz.HzEngine;
import io.cairnmq.engine.hz.member.AwaitReplicasSettled;
import io.cairnmq.engine.hz.member.MemberServices;
import io.cairnmq.engine.hz.member.MemberTasks;
import io.cairnmq.engine.hz.member.ReplicaAdoption;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.ReplicaCheckReply;
import io.cairnmq.engine.hz.ops.AdoptReplica;
import io.cairnmq.engine.hz.ops.AdoptSpilled;
import io.cairnmq.engine.hz.recovery.OwnedRetries;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps this member's journal in step with the shards it holds when partitions move (a member
 * joins, leaves or dies). Hazelcast moves a shard's state in memory; the journal follows here:
 * <ul>
 *   <li>a member that received a shard writes it into its journal afresh ({@link AdoptReplica})
 *       and copies the shard's disk backlog from another holder's journal, page by page
 *       ({@link AdoptSpilled}), so that a later failure or restart finds it there;</li>
 *   <li>a member that gave a shard away asks whether it still holds it (it may only have gone
 *       from owner to backup) and, if not, drops its rows of it, so that a restart does not bring
 *       back what was consumed since.</li>
 * </ul>
 * Events arrive on Hazelcast's event thread and are only noted there; the work runs in order on
 * a thread of its own, from the end of the member's recovery on (before it, the journal still
 * holds what recovery has to read).
 */
public final class ReplicaFollower implements MigrationListener, ReplicaAdoption {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFollower.class);
    /** How long a member waits for each other member to copy what it received. */
    static final long SETTLE_MILLIS = 30_000;
    /** How long an announced round of partition moves counts as running without news of its end. */
    static final long ROUND_MILLIS = 10_000;

    private final Object lock = new Object();
    /** Partitions whose replicas moved to or from this member, with what happened. */
    private final Map<Integer, Move> pending = new LinkedHashMap<>();
    /** Shards this member's journal held at start: it checks it still holds them. */
    private final Set<ShardKey> recovered = new LinkedHashSet<>();
    private HzEngine engine;
    private BacklogCopy backlogCopy;
    private ExecutorService thread;
    private boolean draining;
    /** Hand-overs (drops of shards given away) waiting for the receivers or running. */
    private int handingOver;
    private ExecutorService handOverThread;
    private final Object followLock = new Object();
    /** While shards received are being copied into the journal. */
    private boolean adopting;
    /**
     * When the cluster's master announced a round of partition moves whose end has not been
     * announced yet (System.nanoTime), 0 for none. A master that leaves mid-round never
     * announces its end, so an announcement counts for {@link #ROUND_MILLIS} at most.
     */
    private long roundStarted;
    /** Copies and drops that failed, retried until done: the member is not settled meanwhile. */
    private OwnedRetries retries;

    /** What happened to one partition here: received from {@code source}, given away, or both. */
    private record Move(boolean arrived, boolean left, Member source) {
        Move merge(Move later) {
            return new Move(arrived || later.arrived, left || later.left,
                    later.source != null ? later.source : source);
        }
    }

    /**
     * Starts the work, after recovery: what moved meanwhile, and a check of the shards recovered.
     *
     * @param worker      copies what this member receives
     * @param handOvers   drops what it gave away, once the receivers have copied it
     */
    public void start(HzEngine owner, ExecutorService worker, ExecutorService handOvers,
                      Collection<ShardKey> recoveredShards) {
        synchronized (lock) {
            this.engine = owner;
            this.backlogCopy = new BacklogCopy(owner);
            this.thread = worker;
            this.handOverThread = handOvers;
            this.retries = new OwnedRetries(owner, "Journal copy");
            recovered.addAll(recoveredShards);
            scheduleLocked();
        }
    }

    @Override
    public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
        Member source = event.getSource();
        Member destination = event.getDestination();
        // A backup promoted to owner moves nothing: it journaled the shard as a backup already.
        // Every other replica that arrives here is new to this member's journal (a backup made
        // after a death comes from no source member: the owner copies it).
        boolean arrived = destination != null && destination.localMember()
                && (source != null || event.getReplicaIndex() > 0);
        boolean left = source != null && source.localMember();
        if (!arrived && !left) {
            return;
        }
        synchronized (lock) {
            pending.merge(event.getPartitionId(), new Move(arrived, left, arrived ? source : null), Move::merge);
            scheduleLocked();
        }
    }

    @Override
    public void replicaMigrationFailed(ReplicaMigrationEvent event) {
        // Nothing moved.
    }

    @Override
    public void migrationStarted(MigrationState state) {
        synchronized (lock) {
            roundStarted = System.nanoTime();
            lock.notifyAll();
        }
    }

    @Override
    public void migrationFinished(MigrationState state) {
        synchronized (lock) {
            roundStarted = 0;
            lock.notifyAll();
        }
    }

    /** Whether nothing is waiting to be followed: the journal holds what this member holds. */
    public boolean isSettled() {
        synchronized (lock) {
            return settledLocked();
        }
    }

    private boolean settledLocked() {
        return pending.isEmpty() && recovered.isEmpty() && !draining && handingOver == 0 && roundMillisLeft() == 0
                && retriesIdle();
    }

    /** Whether this member has no shard to copy into its journal now or soon. */
    private boolean adoptedLocked() {
        return !adopting && roundMillisLeft() == 0 && pending.values().stream().noneMatch(Move::arrived)
                && retriesIdle();
    }

    private boolean retriesIdle() {
        return retries == null || retries.isIdle();
    }

    /** How much longer the announced round of partition moves counts as running; 0 when none does. */
    private long roundMillisLeft() {
        if (roundStarted == 0) {
            return 0;
        }
        long left = ROUND_MILLIS - (System.nanoTime() - roundStarted) / 1_000_000;
        return Math.max(0, left);
    }

    /**
     * Waits until this member has copied every shard it received into its journal, at most
     * {@code millis}: a member that gave shards away, or leaves the cluster, lets the others
     * finish first, since they may be copying from it.
     *
     * @return whether it finished in time
     */
    @Override
    public boolean awaitAdopted(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (lock) {
            long left = millis;
            while (!adoptedLocked() && left > 0) {
                long roundLeft = roundMillisLeft();
                lock.wait(roundLeft > 0 ? Math.min(left, roundLeft) : left);
                left = (deadline - System.nanoTime()) / 1_000_000;
            }
            return adoptedLocked();
        }
    }

    private void scheduleLocked() {
        lock.notifyAll();
        if (thread == null || draining || (pending.isEmpty() && recovered.isEmpty())) {
            return;
        }
        draining = true;
        try {
            thread.execute(this::drain);
        } catch (RuntimeException e) {
            // Shut down: the member is stopping, and its journal with it.
            draining = false;
        }
    }

    private void drain() {
        while (true) {
            Map<Integer, Move> moves;
            List<ShardKey> checks;
            synchronized (lock) {
                if (pending.isEmpty() && recovered.isEmpty() || !engine.isRunning()) {
                    draining = false;
                    lock.notifyAll();
                    return;
                }
                moves = new LinkedHashMap<>(pending);
                pending.clear();
                checks = new ArrayList<>(recovered);
                recovered.clear();
                adopting = moves.values().stream().anyMatch(Move::arrived);
            }
            List<ShardKey> givenAway = new ArrayList<>(checks);
            try {
                Map<Integer, List<ShardKey>> byPartition = moves.isEmpty() ? Map.of() : shardsByPartition();
                moves.forEach((partition, move) -> {
                    List<ShardKey> keys = byPartition.getOrDefault(partition, List.of());
                    if (move.arrived()) {
                        keys.forEach(key -> followOrRetry(key, move));
                    } else {
                        givenAway.addAll(keys);
                    }
                });
            } catch (RuntimeException e) {
                // The shards could not be listed: the same moves again, after a pause.
                warn(e);
                retries.retry("moves", "follow partition moves", OwnedRetries.FIRST_RETRY_MILLIS,
                        () -> requeue(moves), () -> { });
            } finally {
                synchronized (lock) {
                    adopting = false;
                    lock.notifyAll();
                }
            }
            if (!givenAway.isEmpty()) {
                handOverLater(givenAway);
            }
        }
    }

    /**
     * Drops this member's rows of shards it gave away, on a thread of their own: first it waits
     * for the members that received them to copy them (they may be copying from here), and
     * meanwhile this member goes on copying what it receives, so that no two members wait for
     * each other.
     */
    private void handOverLater(List<ShardKey> givenAway) {
        synchronized (lock) {
            handingOver++;
        }
        try {
            handOverThread.execute(() -> {
                try {
                    awaitOthersAdopted();
                    givenAway.forEach(key -> followOrRetry(key, new Move(false, true, null)));
                } finally {
                    synchronized (lock) {
                        handingOver--;
                        lock.notifyAll();
                    }
                }
            });
        } catch (RuntimeException e) {
            // Shut down: the member is stopping, and its journal with it.
            synchronized (lock) {
                handingOver--;
                lock.notifyAll();
            }
        }
    }

    /** One shard at a time, whichever thread follows it: a drop never overtakes the copy of the same shard. */
    private void followInTurn(ShardKey key, Move move) {
        synchronized (followLock) {
            if (engine.isRunning()) {
                follow(key, move);
            }
        }
    }

    /**
     * Follows one shard; if that fails, it is retried until it succeeds (or the member stops),
     * and the member does not count as settled meanwhile: a giver must not drop rows that are
     * not copied yet.
     */
    private void followOrRetry(ShardKey key, Move move) {
        retries.runOrRetry(key.id(), (move.arrived ? "copy into the journal " : "drop from the journal ") + key,
                () -> followInTurn(key, move), this::retried);
    }

    private void retried() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void requeue(Map<Integer, Move> moves) {
        synchronized (lock) {
            moves.forEach((partition, move) -> pending.merge(partition, move, Move::merge));
            scheduleLocked();
        }
    }

    private void warn(RuntimeException e) {
        if (engine.isRunning()) {
            LOG.warn("Bringing the journal in step with the shards this member holds failed; retrying", e);
        }
    }

    /** Waits (a bounded time) until every other member has copied the shards it received into its journal. */
    public void awaitOthersAdopted() {
        for (Member member : engine.hazelcast().getCluster().getMembers()) {
            if (member.localMember()) {
                continue;
            }
            try {
                if (!MemberTasks.call(engine.hazelcast(), member, new AwaitReplicasSettled(SETTLE_MILLIS),
                        "wait for " + member + " to follow partition moves")) {
                    LOG.warn("{} is still copying shards it received after {} ms; going on", member, SETTLE_MILLIS);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not wait for {} to follow partition moves", member, e);
            }
        }
    }

    private Map<Integer, List<ShardKey>> shardsByPartition() {
        Map<Integer, List<ShardKey>> byPartition = new HashMap<>();
        for (ShardKey key : engine.catalog().allShards()) {
            if (!key.isTemporary()) {
                int partition = engine.hazelcast().getPartitionService().getPartition(key).getPartitionId();
                byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(key);
            }
        }
        return byPartition;
    }

    private void follow(ShardKey key, Move move) {
        long token = ThreadLocalRandom.current().nextLong();
        MemberServices services = engine.member().services();
        // A backup that became owner (or moved up among the backups) journaled the shard all along.
        boolean adopt = move.arrived && !services.isJournaledInFull(key);
        ReplicaCheckReply reply = engine.calls().call(key, new AdoptReplica(token, adopt ? engine.memberId() : null));
        boolean held = services.takeHoldingConfirmation(token);
        if (!held) {
            services.forgetResident(key);
            services.journal().append(List.of(new JournalRecord.ShardReleased(
                    QueueAddress.of(key.destination(), key.index(), null))));
            LOG.debug("{} is no longer held here: its rows are dropped from the journal", key);
            return;
        }
        if (adopt) {
            try {
                for (String queue : reply.spilledQueues()) {
                    backlogCopy.copy(key, queue.isEmpty() ? null : queue, move.source);
                }
                services.journaledInFull(key);
            } finally {
                services.endAdopting(key);
            }
        }
    }
}
