package io.cairnmq.engine.tx;

/**
 * A transaction's work prepared on an entry: its sends wait, invisible, and the messages it
 * acknowledges are held by the transaction, until the coordinator's decision is known.
 *
 * @param coordinator the entry whose recorded decision says whether it committed (its shard key)
 * @param committer   the member that drives the commit; when it is gone, the survivors resolve it
 * @param work        what commits when the decision is to commit
 */
public record PreparedWork(String coordinator, String committer, EntryWork work) {
}
