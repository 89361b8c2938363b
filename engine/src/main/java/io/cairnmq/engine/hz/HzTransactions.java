package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.TransactionInDoubtException;
import io.cairnmq.engine.api.TransactionRolledBackException;
import io.cairnmq.engine.api.TransactionWork;
import io.cairnmq.engine.api.UnknownTransactionException;
import io.cairnmq.engine.hz.member.HzErrors;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.ChangeReply;
import io.cairnmq.engine.hz.member.SendReply;
import io.cairnmq.engine.hz.member.ShardReply;
import io.cairnmq.engine.hz.ops.CommitTransaction;
import io.cairnmq.engine.hz.ops.CompleteTransaction;
import io.cairnmq.engine.hz.ops.PrepareTransaction;
import io.cairnmq.engine.hz.ops.ReadTransactions;
import io.cairnmq.engine.hz.ops.ResolveTransaction;
import io.cairnmq.engine.hz.ops.ShardOperation;
import io.cairnmq.engine.hz.recovery.TransactionRecovery;
import io.cairnmq.engine.topic.Origin;
import io.cairnmq.engine.tx.Acknowledgement;
import io.cairnmq.engine.tx.EntryWork;
import io.cairnmq.engine.tx.Outcome;
import io.cairnmq.engine.tx.PreparedWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The committer of the transactions of this member's connections. A transaction that changes
 * one entry of the shard map commits there in one step. One that changes several prepares every
 * entry but the first, commits the first (the coordinator) together with its decision, then
 * completes the others; the decision is forgotten once they all have. A step that fails leaves a
 * {@link TransactionRecovery} retry that this member owns until the transaction is finished, all
 * or nothing; a member that dies leaves its transactions to the survivors, and a restart to the
 * journal.
 */
final class HzTransactions {

    private static final Logger LOG = LoggerFactory.getLogger(HzTransactions.class);
    /** How long a step of the protocol may take before the commit is reported in doubt. */
    private static final long STEP_SECONDS = 60;

    private final HzEngine engine;
    private final TransactionRecovery recovery;

    HzTransactions(HzEngine engine) {
        this.engine = engine;
        this.recovery = new TransactionRecovery(engine);
    }

    TransactionRecovery recovery() {
        return recovery;
    }

    /**
     * A transaction's work per entry, what it took from each consumer, and what else is to be
     * done if it does not happen.
     */
    private record Plan(Map<ShardKey, Entry> entries, Map<HzConsumer, long[][]> taken, Runnable undone) {

        Plan(Map<ShardKey, Entry> entries, Map<HzConsumer, long[][]> taken) {
            this(entries, taken, () -> { });
        }
    }

    /** One entry's share of the work, being gathered. */
    private static final class Entry {
        final List<MessageRecord> sends = new ArrayList<>();
        final List<Acknowledgement> acknowledgements = new ArrayList<>();

        EntryWork work(Origin origin) {
            return new EntryWork(sends, origin, acknowledgements);
        }
    }

    void commit(HzConnection connection, TransactionWork work) {
        commit(plan(work), connection.origin());
    }

    /**
     * Commits, all or nothing, what a mover does with messages it holds on one entry: acknowledges
     * them there and sends their copies to another destination's entry, or (without one) only
     * acknowledges them. The messages' entry coordinates when it is durable, so that a refusal of
     * the copies leaves them held by the mover.
     *
     * @param undone runs when the move does not happen (now, or once a move in doubt is resolved
     *               that way), for the mover to give the messages back
     * @throws TransactionRolledBackException when an entry refused: nothing changed
     * @throws TransactionInDoubtException    when the outcome is not known yet; it is resolved in
     *                                        the background, all or nothing
     */
    void commitMove(ShardKey from, Acknowledgement moved, ShardKey to, List<MessageRecord> copies, Origin origin,
                    Runnable undone) {
        Map<ShardKey, Entry> entries = new LinkedHashMap<>();
        entries.computeIfAbsent(from, k -> new Entry()).acknowledgements.add(moved);
        if (to != null) {
            entries.computeIfAbsent(to, k -> new Entry()).sends.addAll(copies);
        }
        commit(new Plan(coordinatorFirst(entries), Map.of(), undone), origin);
    }

    private void commit(Plan plan, Origin origin) {
        if (plan.entries().isEmpty()) {
            return;
        }
        String id = UUID.randomUUID().toString();
        List<ShardKey> keys = List.copyOf(plan.entries().keySet());
        if (keys.size() == 1) {
            commitInOnePhase(id, keys.get(0), plan.entries().get(keys.get(0)).work(origin), plan);
        } else {
            commitInTwoPhases(id, keys, plan, origin);
        }
    }

    /** Routes the sends (which may refuse a message: then nothing happened), then takes the consumers' deliveries. */
    private static Plan plan(TransactionWork work) {
        Map<ShardKey, Entry> entries = new LinkedHashMap<>();
        for (TransactionWork.Send send : work.sends()) {
            ShardKey key;
            try {
                key = ((HzProducer) send.producer()).keyFor(send.destination(), send.message());
            } catch (EngineException e) {
                throw new TransactionRolledBackException("The transaction was rolled back: " + e.getMessage(), e);
            }
            entries.computeIfAbsent(key, k -> new Entry()).sends.add(send.message());
        }
        Map<HzConsumer, long[][]> taken = new LinkedHashMap<>();
        for (EngineConsumer c : work.consumers()) {
            HzConsumer consumer = (HzConsumer) c;
            long[][] byShard = consumer.takeHandedOut(work.acknowledgedOf(c));
            taken.put(consumer, byShard);
            for (int shard = 0; shard < byShard.length; shard++) {
                if (byShard[shard].length > 0) {
                    entries.computeIfAbsent(consumer.shardKeys().get(shard), k -> new Entry()).acknowledgements
                            .add(new Acknowledgement(consumer.subscriptionId(), consumer.holder(), byShard[shard]));
                }
            }
        }
        return new Plan(coordinatorFirst(entries), taken);
    }

    /**
     * Puts first the entry that coordinates: a durable one when there is any, because a
     * temporary destination's entry is neither journaled nor kept beyond its connection, and the
     * decision it would hold must outlive both.
     */
    private static Map<ShardKey, Entry> coordinatorFirst(Map<ShardKey, Entry> entries) {
        ShardKey durable = entries.keySet().stream().filter(k -> !k.isTemporary()).findFirst().orElse(null);
        if (durable == null || entries.keySet().iterator().next().equals(durable)) {
            return entries;
        }
        Map<ShardKey, Entry> ordered = new LinkedHashMap<>();
        ordered.put(durable, entries.get(durable));
        ordered.putAll(entries);
        return ordered;
    }

    // ------------------------------------------------------------------ decided by the caller (XA)

    /**
     * Prepares the work on every entry it changes, under the caller's id; the caller decides
     * later. Nothing of it is visible meanwhile, and the messages it acknowledges stay held.
     *
     * @return false when the work changes nothing: nothing is prepared
     * @throws TransactionRolledBackException when an entry refused or could not be reached (what
     *                                        was prepared is rolled back)
     */
    boolean prepare(HzConnection connection, String id, TransactionWork work) {
        Plan plan = plan(work);
        if (plan.entries().isEmpty()) {
            return false;
        }
        List<ShardKey> keys = List.copyOf(plan.entries().keySet());
        List<String> entries = keys.stream().map(ShardKey::id).toList();
        Refusal refusal = prepare(id, keys, plan, connection.origin(), entries);
        if (refusal != null) {
            // Not where another connection's transaction of the same id is prepared: that one stays.
            recovery.rollBack(id, keys.stream().filter(k -> !refusal.preparedByAnother().contains(k)).toList());
            giveBack(plan);
            throw new TransactionRolledBackException("Transaction " + id + " was rolled back: " + refusal.why());
        }
        return true;
    }

    /**
     * Commits a transaction prepared by {@link #prepare}: records the decision on its first entry
     * (which commits its own part in the same step), then completes the others.
     *
     * @throws UnknownTransactionException when no transaction of that id is prepared
     */
    void commitPrepared(String id) {
        List<ShardKey> keys = entriesOf(id);
        ShardKey coordinator = keys.get(0);
        List<ShardKey> participants = keys.subList(1, keys.size());
        SendReply decision;
        try {
            decision = call(coordinator, CompleteTransaction.decidingCommit(id,
                    participants.stream().map(ShardKey::id).toList()));
        } catch (RuntimeException e) {
            recovery.commitLater(id, coordinator, participants);
            throw inDoubt(id, e);
        }
        if (decision.refusal() != null) {
            throw new UnknownTransactionException("Cannot commit: " + decision.refusal());
        }
        delivered(coordinator, decision);
        EngineException unconfirmed = confirmInOrder(decision);
        recovery.complete(id, coordinator, participants);
        if (unconfirmed != null) {
            throw inDoubt(id, unconfirmed);
        }
    }

    /**
     * Rolls back a transaction prepared by {@link #prepare}: what it acknowledged goes back, its
     * sends are dropped. Its first entry resolves it first, so that a commit racing with this
     * rollback is refused there (or, decided before, wins: then this refuses).
     */
    void rollbackPrepared(String id) {
        List<ShardKey> keys = entriesOf(id);
        Outcome outcome;
        try {
            outcome = call(keys.get(0), new ResolveTransaction(id)).outcome();
        } catch (RuntimeException e) {
            throw HzErrors.translate(e, "roll back transaction " + id);
        }
        if (outcome == Outcome.COMMITTED) {
            recovery.complete(id, keys.get(0), keys.subList(1, keys.size()));
            throw new EngineException("Transaction " + id + " cannot be rolled back: its commit was decided already");
        }
        recovery.rollBack(id, keys);
    }

    /** The ids of the transactions prepared by {@link #prepare} and not yet committed or rolled back, cluster-wide. */
    List<String> recover() {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (ShardKey key : engine.catalog().allShards()) {
            try {
                engine.shards().executeOnKey(key, new ReadTransactions()).preparedTransactions()
                        .forEach((id, refs) -> {
                            if (refs.size() > 2) {
                                ids.add(id);
                            }
                        });
            } catch (RuntimeException e) {
                throw HzErrors.translate(e, "read the prepared transactions of " + key);
            }
        }
        return List.copyOf(ids);
    }

    /** The entries of a transaction its caller decides, coordinator first, as any of them recorded them. */
    private List<ShardKey> entriesOf(String id) {
        for (ShardKey key : engine.catalog().allShards()) {
            List<String> refs;
            try {
                refs = engine.shards().executeOnKey(key, new ReadTransactions()).preparedTransactions().get(id);
            } catch (RuntimeException e) {
                throw HzErrors.translate(e, "find transaction " + id + " on " + key);
            }
            if (refs != null && refs.size() > 2) {
                return refs.subList(2, refs.size()).stream().map(ShardKey::parse).toList();
            }
        }
        throw new UnknownTransactionException("No transaction " + id + " is prepared");
    }

    // ------------------------------------------------------------------ one phase

    private void commitInOnePhase(String id, ShardKey key, EntryWork work, Plan plan) {
        SendReply reply;
        try {
            reply = call(key, new CommitTransaction(id, work));
        } catch (RuntimeException e) {
            // Asked again, the entry says whether the first attempt was applied (a retry then
            // changes nothing) or applies it now: the step is idempotent.
            try {
                reply = call(key, new CommitTransaction(id, work));
            } catch (RuntimeException again) {
                recovery.resolveOnePhase(id, key, () -> giveBack(plan));
                throw inDoubt(id, again);
            }
        }
        if (reply.refusal() != null) {
            giveBack(plan);
            throw new TransactionRolledBackException("The transaction was rolled back: " + reply.refusal());
        }
        delivered(key, reply);
        EngineException unconfirmed = confirmDurable(reply);
        if (unconfirmed != null) {
            throw inDoubt(id, unconfirmed);
        }
    }

    // ------------------------------------------------------------------ two phases

    private void commitInTwoPhases(String id, List<ShardKey> keys, Plan plan, Origin origin) {
        ShardKey coordinator = keys.get(0);
        List<ShardKey> participants = keys.subList(1, keys.size());
        List<String> participantIds = participants.stream().map(ShardKey::id).toList();
        Refusal refusal = prepare(id, participants, plan, origin, List.of());
        if (refusal != null) {
            recovery.rollBack(id, participants);
            giveBack(plan);
            throw new TransactionRolledBackException("The transaction was rolled back: " + refusal.why());
        }
        CommitTransaction decide = new CommitTransaction(id, plan.entries().get(coordinator).work(origin),
                participantIds);
        SendReply decision;
        EngineException unconfirmed = null;
        try {
            decision = call(coordinator, decide);
        } catch (RuntimeException e) {
            Outcome outcome = recovery.resolve(id, coordinator);
            if (outcome == null) {
                recovery.finishLater(id, coordinator, participants, () -> giveBack(plan));
                throw inDoubt(id, e);
            }
            if (outcome == Outcome.ABORTED) {
                recovery.rollBack(id, participants);
                giveBack(plan);
                throw new TransactionRolledBackException("The transaction was rolled back: its commit failed", e);
            }
            // Committed: asked again, the coordinator changes nothing and answers with what covers
            // its records, so that their durability can be confirmed.
            try {
                decision = call(coordinator, decide);
            } catch (RuntimeException again) {
                decision = null;
                unconfirmed = HzErrors.translate(again, "confirm the commit of transaction " + id);
            }
            if (decision != null && decision.refusal() != null) {
                unconfirmed = new EngineException("Cannot confirm the commit of transaction " + id + ": "
                        + decision.refusal());
                decision = null;
            }
        }
        if (decision != null && decision.refusal() != null) {
            recovery.rollBack(id, participants);
            giveBack(plan);
            throw new TransactionRolledBackException("The transaction was rolled back: " + decision.refusal());
        }
        if (decision != null) {
            delivered(coordinator, decision);
            unconfirmed = confirmInOrder(decision);
        }
        // Decided for good: from here on the transaction commits, whatever fails.
        recovery.complete(id, coordinator, participants);
        if (unconfirmed != null) {
            throw inDoubt(id, unconfirmed);
        }
    }

    /**
     * Prepares every entry of {@code participants}, all at once, with the transaction's
     * {@code entries} when its caller decides it; returns why one refused, or null when all are
     * prepared and as durable as the write policy promises.
     */
    /**
     * Why a prepare was refused, and the entries where another connection's transaction with the
     * same id is prepared (a transaction manager that reused an id): those must not be rolled back.
     */
    private record Refusal(String why, List<ShardKey> preparedByAnother) {
    }

    private Refusal prepare(String id, List<ShardKey> participants, Plan plan, Origin origin, List<String> entries) {
        String coordinator = plan.entries().keySet().iterator().next().id();
        List<CompletableFuture<ChangeReply>> replies = new ArrayList<>(participants.size());
        for (ShardKey key : participants) {
            PreparedWork work = new PreparedWork(coordinator, engine.memberId(),
                    plan.entries().get(key).work(origin), entries);
            CompletableFuture<ChangeReply> reply = new CompletableFuture<>();
            engine.calls().submit(key, new PrepareTransaction(id, work), (r, error) -> {
                if (error != null) {
                    reply.completeExceptionally(error);
                } else {
                    reply.complete(r);
                }
            });
            replies.add(reply);
        }
        String refusal = null;
        List<ShardKey> preparedByAnother = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            try {
                ChangeReply reply = replies.get(i).get(STEP_SECONDS, TimeUnit.SECONDS);
                if (reply.refusal() != null) {
                    refusal = refusal == null ? reply.refusal() : refusal;
                    if (PrepareTransaction.preparedByAnother(reply)) {
                        preparedByAnother.add(participants.get(i));
                    }
                } else {
                    engine.durability().awaitInOrder(reply);
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                refusal = refusal == null ? "preparing " + participants.get(i) + " failed: " + e : refusal;
            }
        }
        return refusal == null ? null : new Refusal(refusal, preparedByAnother);
    }

    // ------------------------------------------------------------------ helpers

    /** Waits until the journal holds the commit as the write policy promises; see {@link #unconfirmed}. */
    private EngineException confirmDurable(ShardReply commit) {
        return unconfirmed(commit, engine.durability()::await);
    }

    /**
     * Waits until the journal holds the decision as the write policy promises and, whatever the
     * policy, written before any participant completes; see {@link #unconfirmed}.
     */
    private EngineException confirmInOrder(ShardReply decision) {
        return unconfirmed(decision, engine.durability()::awaitInOrder);
    }

    /**
     * Runs {@code wait} for the journal to hold a decided change; returns why it cannot confirm
     * that (the transaction is decided and applied in memory, on the owner and its backups: only
     * whether it would survive a crash of every copy is unknown), or null.
     */
    private static EngineException unconfirmed(ShardReply decided, Consumer<ShardReply> wait) {
        try {
            wait.accept(decided);
            return null;
        } catch (EngineException e) {
            return e;
        }
    }

    private <R extends ShardReply> R call(ShardKey key, ShardOperation<R> operation) {
        return engine.calls().call(key, operation);
    }

    /** Hands what the commit enqueued to this member's waiting consumers and wakes the others. */
    private void delivered(ShardKey key, SendReply reply) {
        engine.wakeups().handOff(key, reply.handedOff());
        engine.wakeups().wake(key, reply);
    }

    /** The transaction did not happen: what its consumers took and still hold goes back, counted as a delivery. */
    private static void giveBack(Plan plan) {
        plan.taken().forEach(HzConsumer::giveBackTaken);
        plan.undone().run();
    }

    private static TransactionInDoubtException inDoubt(String id, Throwable cause) {
        LOG.warn("Transaction {}: its outcome is in doubt and is resolved in the background: {}", id, cause.toString());
        return new TransactionInDoubtException("The outcome of the transaction is not known yet: " + cause.getMessage()
                + "; it is being resolved, all or nothing", cause);
    }
}
