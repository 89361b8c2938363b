package io.cairnmq.engine.hz.recovery;

import io.cairnmq.engine.hz.HzEngine;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.SendReply;
import io.cairnmq.engine.hz.member.TransactionsReply;
import io.cairnmq.engine.hz.ops.CompleteTransaction;
import io.cairnmq.engine.hz.ops.ForgetTransaction;
import io.cairnmq.engine.hz.ops.ReadTransactions;
import io.cairnmq.engine.hz.ops.ResolveTransaction;
import io.cairnmq.engine.tx.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Finishes transactions. The committer's last steps (completing the participants, forgetting
 * the decision, or rolling back), and whatever a failure interrupted, run here: a step that fails
 * is retried with backoff, owned by this member, until it is done or the engine stops (then the
 * survivors, or the next start, take it over). The survivors of a departed committer, and a
 * member after its recovery, resolve what is left prepared at the coordinator: committed where a
 * decision is recorded, otherwise aborted (the coordinator remembers that, so that a commit still
 * on its way is refused).
 */
public final class TransactionRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionRecovery.class);
    /** How long a member of a cluster waits after its start before it finishes what its journal brought back. */
    static final long RESTART_RESOLUTION_DELAY_SECONDS = 30;

    private final HzEngine engine;
    /** Steps still to retry, by transaction id. */
    private final OwnedRetries retries;

    public TransactionRecovery(HzEngine engine) {
        this.engine = engine;
        this.retries = new OwnedRetries(engine, "Transaction");
    }

    /** The transactions this member still owes steps of, with how many. */
    public Map<String, Integer> pending() {
        return retries.pending();
    }

    // ------------------------------------------------------------------ the committer's steps

    /** Commits every participant, then forgets the decision; what fails is retried. */
    public void complete(String id, ShardKey coordinator, List<ShardKey> participants) {
        retries.hold(id);
        try {
            for (ShardKey participant : participants) {
                retries.runOrRetry(id, "commit on " + participant, () -> complete(id, participant, Outcome.COMMITTED),
                        () -> forgetWhenDone(id, coordinator));
            }
        } finally {
            retries.release(id);
        }
        forgetWhenDone(id, coordinator);
    }

    /**
     * A commit its caller decided that could not be confirmed: decided again (a decision recorded
     * already changes nothing) and completed in the background; a transaction rolled back
     * meanwhile stays so.
     */
    public void commitLater(String id, ShardKey coordinator, List<ShardKey> participants) {
        List<String> others = participants.stream().map(ShardKey::id).toList();
        AtomicReference<String> refusal = new AtomicReference<>();
        retries.retry(id, "commit at " + coordinator, 0, () -> {
            SendReply decision = engine.calls().call(coordinator, CompleteTransaction.decidingCommit(id, others));
            refusal.set(decision.refusal());
            engine.durability().awaitInOrder(decision);
        }, () -> {
            if (refusal.get() == null) {
                complete(id, coordinator, participants);
            } else {
                LOG.warn("Transaction {} was not committed: {}", id, refusal.get());
            }
        });
    }

    /** Rolls back every participant (those prepared put back what they held); what fails is retried. */
    public void rollBack(String id, List<ShardKey> participants) {
        for (ShardKey participant : participants) {
            retries.runOrRetry(id, "roll back on " + participant, () -> complete(id, participant, Outcome.ABORTED), () -> { });
        }
    }

    /** The coordinator's answer, or null when it cannot be had now. */
    public Outcome resolve(String id, ShardKey coordinator) {
        try {
            return outcomeAt(id, coordinator);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The coordinator's answer: committed where it recorded a decision, otherwise aborted from now
     * on. Throws when it cannot be had.
     */
    private Outcome outcomeAt(String id, ShardKey coordinator) {
        return engine.calls().call(coordinator, new ResolveTransaction(id)).outcome();
    }

    /**
     * The commit of the coordinator failed and its outcome is unknown: resolved and finished in
     * the background; when it did not happen, what its consumers took goes back ({@code giveBack}).
     */
    public void finishLater(String id, ShardKey coordinator, List<ShardKey> participants, Runnable giveBack) {
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        retries.retry(id, "resolve at " + coordinator, 0,
                () -> outcome.set(outcomeAt(id, coordinator)),
                () -> {
                    // Runs once the resolution is no longer pending, so that the decision can be forgotten.
                    if (outcome.get() == Outcome.COMMITTED) {
                        complete(id, coordinator, participants);
                    } else {
                        rollBack(id, participants);
                        giveBack.run();
                    }
                });
    }

    /**
     * A one-phase commit whose outcome is unknown: resolved at its entry in the background; when
     * it did not happen, what its consumers took goes back ({@code giveBack}).
     */
    public void resolveOnePhase(String id, ShardKey entry, Runnable giveBack) {
        retries.retry(id, "resolve at " + entry, () -> {
            Outcome outcome = outcomeAt(id, entry);
            if (outcome == Outcome.ABORTED) {
                giveBack.run();
            }
        });
    }

    /**
     * Ends the transaction on one participant; returns once that is written (and as durable as
     * the write policy promises), so that the decision is never forgotten before.
     */
    private void complete(String id, ShardKey participant, Outcome outcome) {
        SendReply reply = engine.calls().call(participant, new CompleteTransaction(id, outcome));
        engine.wakeups().handOff(participant, reply.handedOff());
        engine.wakeups().wake(participant, reply);
        engine.durability().awaitInOrder(reply);
    }

    /** Forgets the decision once no step of this transaction is pending any more. */
    private void forgetWhenDone(String id, ShardKey coordinator) {
        if (!retries.isPending(id)) {
            retries.runOrRetry(id, "forget at " + coordinator, () -> engine.calls().call(coordinator,
                    new ForgetTransaction(id)), () -> { });
        }
    }

    // ------------------------------------------------------------------ orphans

    /**
     * Finishes the transactions that {@code committers} left (departed members, or, at a start,
     * every committer of what the journal brought back): each prepared one is resolved at its
     * coordinator and completed; each decision's participants are completed and the decision
     * forgotten. Every surviving member may do it: each step is idempotent.
     */
    void finishOrphans(java.util.function.Predicate<String> isGone) {
        for (ShardKey key : engine.catalog().allShards()) {
            retries.runOrRetry(key.id(), "read the transactions of " + key, () -> finishOrphansOf(key, isGone),
                    () -> { });
        }
    }

    private void finishOrphansOf(ShardKey key, java.util.function.Predicate<String> isGone) {
        TransactionsReply held = engine.shards().executeOnKey(key, new ReadTransactions());
        held.preparedTransactions().forEach((id, refs) -> {
            // Beyond coordinator and committer: the entries of one its caller decides, which waits for it.
            boolean decidedByCaller = refs.size() > 2;
            if (!decidedByCaller && isGone.test(refs.get(1))) {
                ShardKey coordinator = ShardKey.parse(refs.get(0));
                retries.retry(id, "resolve the orphan at " + coordinator, () -> {
                    Outcome outcome = outcomeAt(id, coordinator);
                    complete(id, key, outcome);
                });
            }
        });
        held.committedTransactions().forEach((id, participants) -> {
            List<ShardKey> keys = participants.stream().map(ShardKey::parse).toList();
            retries.retry(id, "complete the orphan decision of " + key, () -> {
                for (ShardKey participant : keys) {
                    complete(id, participant, Outcome.COMMITTED);
                }
                engine.calls().call(key, new ForgetTransaction(id));
            });
        });
    }

    /**
     * After this member's journal was recovered: finishes the transactions it brought back. A
     * member alone does it at once. In a cluster it waits a while first, so that the members
     * starting together after a whole-cluster stop have put back their journals: a participant
     * prepared here may have its decision in another member's journal, and resolving it before
     * that is read would roll back what was decided.
     */
    public void finishRecovered(boolean inCluster) {
        if (!inCluster) {
            finishOrphans(this::isGone);
            return;
        }
        engine.timer().schedule(() -> engine.callers().execute(() -> {
            if (engine.isRunning()) {
                finishOrphans(this::isGone);
            }
        }), RESTART_RESOLUTION_DELAY_SECONDS, TimeUnit.SECONDS);
    }

    /** Whether a member is not in the cluster any more. */
    boolean isGone(String memberId) {
        Set<String> members = engine.hazelcast().getCluster().getMembers().stream()
                .map(m -> m.getUuid().toString()).collect(Collectors.toSet());
        return !members.contains(memberId);
    }
}
