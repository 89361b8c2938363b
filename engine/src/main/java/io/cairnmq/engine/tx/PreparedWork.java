package io.cairnmq.engine.tx;

import java.util.List;

/**
 * A transaction's work prepared on an entry: its sends wait, invisible, and the messages it
 * acknowledges are held by the transaction, until the coordinator's decision is known.
 *
 * @param coordinator the entry whose recorded decision says whether it committed (its shard key)
 * @param committer   the member that drives the commit; when it is gone, the survivors resolve it
 * @param work        what commits when the decision is to commit
 * @param entries     for a transaction its caller decides (prepared under the caller's id, as an
 *                    XA branch): every entry it spans, coordinator first; it is never presumed
 *                    rolled back, it waits for the caller's commit or rollback. Empty for a
 *                    transaction the broker decides itself.
 */
public record PreparedWork(String coordinator, String committer, EntryWork work, List<String> entries) {

    public PreparedWork {
        entries = List.copyOf(entries);
    }

    /** Prepared for a commit the broker decides: without a recorded decision, it is rolled back. */
    public PreparedWork(String coordinator, String committer, EntryWork work) {
        this(coordinator, committer, work, List.of());
    }

    /** Whether its caller decides its outcome (see {@link #entries()}). */
    public boolean decidedByCaller() {
        return !entries.isEmpty();
    }
}
