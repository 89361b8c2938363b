package io.cairnmq.engine.tx;

import io.cairnmq.engine.queue.Holder;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transactions one entry of the shard map takes part in: the work it holds prepared, and,
 * where it coordinates, the decisions it recorded (until every participant has applied them)
 * and the transactions it resolved as aborted (so that a commit arriving after that is refused).
 * Not thread-safe: it changes on its entry's partition thread only, like the entry.
 */
public final class EntryTransactions {

    /** Transactions resolved as aborted, or applied, that are remembered: for retries and late commits. */
    static final int REMEMBERED = 4_096;
    /** The member id of the holder a prepared transaction's acknowledged messages are leased to. */
    public static final String TRANSACTION_MEMBER = "transaction";

    final Map<String, PreparedWork> prepared = new LinkedHashMap<>();
    /** Decisions to commit, with the other participants that still have to apply them. */
    final Map<String, List<String>> committed = new LinkedHashMap<>();
    final Set<String> aborted = new LinkedHashSet<>();
    /** Transactions applied here lately (in one phase, or completed): a retry of one changes nothing. */
    final Set<String> applied = new LinkedHashSet<>();

    /**
     * The holder of the messages a prepared transaction acknowledges: no member's, so that no
     * member's departure and no consumer's close puts them back.
     */
    public static Holder holder(String transactionId) {
        return new Holder(TRANSACTION_MEMBER, "transaction", transactionId);
    }

    public PreparedWork prepared(String transactionId) {
        return prepared.get(transactionId);
    }

    public Map<String, PreparedWork> allPrepared() {
        return Map.copyOf(prepared);
    }

    public void applyPrepared(String transactionId, PreparedWork work) {
        prepared.put(transactionId, work);
    }

    public void applyDone(String transactionId) {
        prepared.remove(transactionId);
    }

    public boolean isCommitted(String transactionId) {
        return committed.containsKey(transactionId);
    }

    public boolean isAborted(String transactionId) {
        return aborted.contains(transactionId);
    }

    /** Whether the entry coordinates or holds anything of transactions (then its replicas carry it). */
    public boolean isEmpty() {
        return prepared.isEmpty() && committed.isEmpty() && aborted.isEmpty() && applied.isEmpty();
    }

    /** @param participants the other participants' keys, which apply the decision after it */
    public void applyCommitted(String transactionId, List<String> participants) {
        committed.put(transactionId, List.copyOf(participants));
    }

    public void applyForgotten(String transactionId) {
        committed.remove(transactionId);
    }

    /**
     * Resolves a transaction whose committer is gone or failed: committed when its decision is
     * recorded; otherwise aborted, and remembered so, so that its commit cannot come after.
     */
    public Outcome decideResolve(String transactionId) {
        return committed.containsKey(transactionId) || applied.contains(transactionId)
                ? Outcome.COMMITTED : Outcome.ABORTED;
    }

    public void applyResolved(String transactionId, Outcome outcome) {
        if (outcome == Outcome.ABORTED) {
            remember(aborted, transactionId);
        }
    }

    /** Whether the transaction was applied here lately: a retry of its commit changes nothing. */
    public boolean wasApplied(String transactionId) {
        return applied.contains(transactionId);
    }

    public void applyApplied(String transactionId) {
        remember(applied, transactionId);
    }

    private static void remember(Set<String> ids, String id) {
        if (ids.add(id) && ids.size() > REMEMBERED) {
            ids.remove(ids.iterator().next());
        }
    }

    /** The decisions recorded here, with their other participants, for a replica or a journal. */
    public Map<String, List<String>> allCommitted() {
        return Map.copyOf(committed);
    }

    public List<String> abortedIds() {
        return List.copyOf(aborted);
    }

    public List<String> appliedIds() {
        return List.copyOf(applied);
    }
}
